"""recommender: an expert system that recommends PyTorch, TensorFlow or a Transformer approach."""

from __future__ import annotations

__version__ = "0.1.0"
