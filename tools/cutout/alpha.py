"""The image's own alpha channel, when it has a meaningful one (a PNG/WebP cutout, a 3D icon).

Nothing is re-segmented: a designer's mask is the best mask there is.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from tools.images import has_meaningful_alpha


class AlphaBackend:
    name = "alpha-channel"

    @staticmethod
    def applies(image: Image.Image) -> bool:
        return has_meaningful_alpha(image)

    def mask(self, image: Image.Image) -> np.ndarray:
        """float32 alpha 0..1 (H, W)."""
        return np.asarray(image.getchannel("A"), dtype=np.float32) / 255.0
