"""Draws the application icon: a unit grid on a dark-blue tile with a case marker.

Writes resources/icons/commandcenter.png (256 px, the window icon),
resources/icons/commandcenter.ico (16…256 px, the Windows executable, shortcuts and
installer) and installer/welcome.bmp (the installer's welcome and finish pages). Run again only to change the design; both files are kept in the repository.
Needs Pillow (``pip install -e ".[installer]"``).
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
WELCOME = Path(__file__).resolve().parent / "welcome.bmp"
SIZE = 1024  # drawn large, scaled down with antialiasing
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    s = SIZE
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle([s * 0.03, s * 0.03, s * 0.97, s * 0.97], radius=s * 0.18,
                        fill=(22, 52, 96, 255))
    # 4 x 4 unit grids, two of them shaded by their open cases
    left, top, cell = s * 0.16, s * 0.16, s * 0.17
    for row in range(4):
        for col in range(4):
            x, y = left + col * cell, top + row * cell
            shade = {(1, 2): (64, 132, 204, 255), (2, 1): (46, 100, 170, 255)}.get(
                (row, col), (30, 70, 124, 255))
            d.rectangle([x, y, x + cell, y + cell], fill=shade, outline=(160, 196, 235, 255),
                        width=int(s * 0.012))
    # the marker: a red pin with a white dot, standing on the shaded grid
    cx, cy, r = s * 0.62, s * 0.44, s * 0.15
    d.polygon([(cx - r * 0.8, cy + r * 0.45), (cx + r * 0.8, cy + r * 0.45), (cx, cy + r * 2.1)],
              fill=(214, 48, 49, 255))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(214, 48, 49, 255),
              outline=(255, 255, 255, 255), width=int(s * 0.02))
    d.ellipse([cx - r * 0.38, cy - r * 0.38, cx + r * 0.38, cy + r * 0.38],
              fill=(255, 255, 255, 255))
    return image


def welcome(icon: Image.Image) -> Image.Image:
    """164 x 314, the side picture of NSIS's welcome and finish pages."""
    w, h = 164, 314
    page = Image.new("RGB", (w, h), (22, 52, 96))
    d = ImageDraw.Draw(page)
    for y in range(h):  # darker towards the foot
        shade = int(22 + 18 * y / h)
        d.line([(0, y), (w, y)], fill=(shade - 10, shade + 20, shade + 70))
    for x in range(0, w, 22):
        d.line([(x, 0), (x, h)], fill=(44, 86, 140))
    for y in range(0, h, 22):
        d.line([(0, y), (w, y)], fill=(44, 86, 140))
    small = icon.resize((112, 112), Image.Resampling.LANCZOS)
    page.paste(small, ((w - 112) // 2, 40), small)
    return page


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "commandcenter.png")
    image.save(OUT / "commandcenter.ico", sizes=ICO_SIZES)
    welcome(image).save(WELCOME)
    print(f"wrote {OUT / 'commandcenter.png'}, {OUT / 'commandcenter.ico'} and {WELCOME}")


if __name__ == "__main__":
    main()
