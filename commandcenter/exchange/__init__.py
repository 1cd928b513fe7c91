"""Data exchange: geography, components and case history in; Open311 GeoReport v2 in and out.

Qt-free. Readers and validators live here; what they write goes through the store's bulk
writers (``store.imports``) or the workflow service, so the same rules hold whichever door a
case comes in by: the command line, the app's import dialog or the Open311 server.
"""
