"""The monthly review (月度综合评价): indicators from the event log, the evaluation scheme,
periods, publication (固化) and the .xlsx, .html and .json exports. Knows nothing of Qt."""
