"""Values: parsing user text, exact numbers and their text, limits, file names. No NumPy at import."""
