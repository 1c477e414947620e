"""Pixel statistics shared by pair verification and the clone search.

Grey images in, arrays out: local correlation and variance over a box window, the
fine-detail residual that copies share and look-alikes do not, and the mask of
rendered graphics (text, axes, labels) on page white.
"""

from __future__ import annotations

import math

import cv2
import numpy as np


def local_stats(
    image_a: np.ndarray, image_b: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local correlation, and local variance of each image, over a box window.

    Parameters
    ----------
    image_a, image_b : ndarray of float32
        Two grey images of one shape.
    window : int
        Side of the box window (pixels).

    Returns
    -------
    ncc, var_a, var_b : ndarray of float32
        Per-pixel normalised cross-correlation and the two local variances.
    """
    size = (window, window)
    mean_a = cv2.boxFilter(image_a, -1, size)
    mean_b = cv2.boxFilter(image_b, -1, size)
    var_a = cv2.boxFilter(image_a * image_a, -1, size) - mean_a * mean_a
    var_b = cv2.boxFilter(image_b * image_b, -1, size) - mean_b * mean_b
    cov = cv2.boxFilter(image_a * image_b, -1, size) - mean_a * mean_b
    np.maximum(var_a, 0, out=var_a)
    np.maximum(var_b, 0, out=var_b)
    ncc = cov / np.sqrt(var_a * var_b + 1e-6)
    return ncc, var_a, var_b


def detail(image: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    """Fine-detail residual: the image minus its blur (grain, noise, sharp edges)."""
    return image - cv2.GaussianBlur(image, (0, 0), sigma)


def correlation(x: np.ndarray, y: np.ndarray) -> float:
    """Normalised cross-correlation of two arrays of one shape (0 when either is flat)."""
    xs = x.astype(np.float64).ravel()
    ys = y.astype(np.float64).ravel()
    if xs.size < 16:
        return 0.0
    xs -= xs.mean()
    ys -= ys.mean()
    denom = math.sqrt(float((xs * xs).sum() * (ys * ys).sum()))
    return float((xs * ys).sum() / denom) if denom > 0 else 0.0


def graphic_mask(image: np.ndarray) -> np.ndarray:
    """Pixels in page-white neighbourhoods: text, axes, labels, gaps between strips."""
    white = (image >= 246).astype(np.float32)
    return cv2.boxFilter(white, -1, (15, 15)) > 0.4
