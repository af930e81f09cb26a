"""Batches in float64 through NumPy: the vectorised forward engine and the data files it reads."""
