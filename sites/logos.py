"""A resource centre's logo for the report header: the uploaded file checked, then
drawn again as a small PNG, so what is stored and printed is pixels we made.

Only PNG and JPEG are taken (an SVG can carry scripts and links; a PDF or GIF has no
place in a header). The header is read before any pixel is decoded, so an image that
would unpack to a huge number of pixels is refused without unpacking it.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sites.models import REPORT_LOGO_MAX_BYTES

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # 5000 x 5000: any real logo, no decompression bomb
FORMATS = {"PNG", "JPEG"}
# Drawn at most this size: a header line is about 15 mm high; this prints sharp.
STORED_SIZE = (900, 300)


class LogoRefused(ValueError):
    pass


def checked_logo(data: bytes) -> bytes:
    """The logo as a PNG of at most STORED_SIZE, or LogoRefused with a message for the
    coordinator who uploaded it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoRefused(_("The logo file is larger than 2 MB."))
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise LogoRefused(_("The logo must be a PNG or JPEG image."))
            width, height = image.size
            if width * height > MAX_PIXELS or min(width, height) < 1:
                raise LogoRefused(_("The logo is too large an image: at most 5000 × 5000 pixels."))
            image.verify()
        # verify() leaves the image unusable: open it again to draw it.
        with Image.open(BytesIO(data)) as image:
            image.load()
            drawn = image.convert("RGBA")
    except LogoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise LogoRefused(_("The file is not a PNG or JPEG image we can read.")) from None
    drawn.thumbnail(STORED_SIZE)
    png = _png(drawn)
    # A photograph does not pack like a logo: fewer colours, then fewer pixels, until
    # it fits what a policy may store.
    if len(png) > REPORT_LOGO_MAX_BYTES:
        drawn = drawn.quantize(colors=256)
        png = _png(drawn)
    while len(png) > REPORT_LOGO_MAX_BYTES:
        drawn = drawn.resize((max(1, drawn.width // 2), max(1, drawn.height // 2)))
        png = _png(drawn)
    return png


def _png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
