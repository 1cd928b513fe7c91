"""The review window, its charts and map, and the printed (PDF) 通报."""
