"""Typed errors whose message a marketer can read. Surfaces turn them into a chat message,
an HTTP 4xx or a CLI exit code; anything else is a bug."""
from __future__ import annotations


class HuabaoError(Exception):
    """Base class: `str(err)` is the user-facing message."""


class ImageError(HuabaoError):
    """An input image cannot be used (not an image, truncated, too large, too small...)."""


class BriefError(HuabaoError):
    """A brief is empty, too long or cannot be understood."""


class TemplateError(HuabaoError):
    """A prompt template file is invalid or unknown."""


class GalleryError(HuabaoError):
    """The gallery or its index is missing, stale or built with another backend."""


class BackendUnavailable(HuabaoError):
    """A configured backend cannot be loaded (missing weights, missing package)."""


class SpecError(HuabaoError):
    """A poster spec file is malformed."""


class BrandError(HuabaoError):
    """A brand kit file is unknown or invalid (colours, fonts, logo)."""
