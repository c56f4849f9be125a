"""Shipped boundary data (TopoJSON); see README.md here for provenance and processing."""
