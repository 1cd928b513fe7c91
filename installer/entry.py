"""The frozen program's entry point (see commandcenter.spec)."""
import multiprocessing

from commandcenter.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
