"""The wall display (大屏): one widget per page, the window that rotates them, and what keeps
it running unattended."""
