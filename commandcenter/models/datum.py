"""Datum conversions between WGS84/CGCS2000 and GCJ-02, the datum of most web maps in China.

CGCS2000 (EPSG:4490) and WGS84 (EPSG:4326) agree within a metre at district scale, so the
product treats them as one; GCJ-02 is offset by hundreds of metres and must be converted.
"""
from __future__ import annotations

import numpy as np

# The published "Mars coordinates" formula (Krasovsky ellipsoid constants). The inverse has
# no closed form; a fixed-point iteration brings it to millimetres in three steps.

_GCJ_A = 6_378_245.0
_GCJ_EE = 0.00669342162296594323


def _in_china(lon, lat):
    return (lon > 73.66) & (lon < 135.05) & (lat > 3.86) & (lat < 53.55)


def _gcj_delta(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + common
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + common
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _GCJ_EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_GCJ_A * (1 - _GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    dlon = dlon * 180.0 / (_GCJ_A / sqrt_magic * np.cos(rad) * np.pi)
    inside = _in_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def _scalar_or_array(lon, lat, out_lon, out_lat):
    if np.ndim(lon) == 0 and np.ndim(lat) == 0:
        return float(out_lon), float(out_lat)
    return out_lon, out_lat


def wgs84_to_gcj02(lon, lat):
    """WGS84 → GCJ-02. Floats give floats; arrays give arrays. Outside China: unchanged."""
    lon_a, lat_a = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    dlon, dlat = _gcj_delta(lon_a, lat_a)
    return _scalar_or_array(lon, lat, lon_a + dlon, lat_a + dlat)


def gcj02_to_wgs84(lon, lat, iterations: int = 4):
    """GCJ-02 → WGS84 by iterating the forward transform (error well under a centimetre)."""
    g_lon, g_lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon, g_lat
    for _ in range(iterations):
        dlon, dlat = _gcj_delta(w_lon, w_lat)
        w_lon, w_lat = g_lon - dlon, g_lat - dlat
    return _scalar_or_array(lon, lat, w_lon, w_lat)
