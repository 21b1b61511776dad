"""Plain geography: no database, no Django."""

from math import asin, cos, radians, sin, sqrt

# A generous box around Poland (49.00 to 54.84 N, 14.12 to 24.15 E), so border towns fit.
POLAND_BOUNDS = {"latitude": (48.9, 55.0), "longitude": (14.0, 24.3)}
EARTH_RADIUS_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))
