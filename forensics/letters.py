"""Read a panel letter ("A", "b") from the pixels of a figure.

Journals set panel letters in a handful of bold sans and serif faces, so a
glyph is first compared with templates of the 52 letters rendered by MuPDF in
the standard PDF fonts (microseconds per glyph). Only when no template is a
clear winner is the crop handed to a real OCR engine, rapidocr-onnxruntime,
whose models ship inside its wheel (about 20-35 ms per call, so it is spent
only where needed).
"""

from __future__ import annotations

import functools
import logging
import string
import unicodedata

import cv2
import numpy as np
import pymupdf

log = logging.getLogger(__name__)

TEMPLATE_SIZE = 24
TEMPLATE_FONTS = ("hebo", "helv", "tibo", "tiro")
LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _normalise(mask: np.ndarray) -> np.ndarray:
    """Crop a boolean glyph mask to its ink and resize it to a square, centred, float image."""
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return np.zeros((TEMPLATE_SIZE, TEMPLATE_SIZE), np.float32)
    crop = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.uint8) * 255
    h, w = crop.shape
    side = max(h, w)
    square = np.zeros((side, side), np.uint8)
    square[(side - h) // 2 : (side - h) // 2 + h, (side - w) // 2 : (side - w) // 2 + w] = crop
    out = cv2.resize(square, (TEMPLATE_SIZE, TEMPLATE_SIZE), interpolation=cv2.INTER_AREA)
    out = out.astype(np.float32)
    out -= out.mean()
    norm = np.linalg.norm(out)
    return out / norm if norm > 0 else out


#: Side, in points, of the cell each template letter is set in (at 24 pt, from (8, 30)).
_CELL = 40


@functools.lru_cache(maxsize=1)
def _templates() -> tuple[np.ndarray, list[str], np.ndarray]:
    """Normalised glyph templates, their letters and aspect ratios (height / width).

    Each font's 52 letters are set in a row of 40-pt cells on one page and rendered
    once: the cells start at whole pixels (2 px a point), so every letter is drawn
    exactly as it would be alone on its own page, at a quarter of the cost of
    rendering 208 pages in every new process.
    """
    vectors, names, aspects = [], [], []
    doc = pymupdf.open()
    side = 2 * _CELL  # pixels
    for font in TEMPLATE_FONTS:
        page = doc.new_page(width=_CELL * len(LETTERS), height=_CELL)
        for i, ch in enumerate(LETTERS):
            page.insert_text((_CELL * i + 8, 30), ch, fontname=font, fontsize=24)
        pix = page.get_pixmap(matrix=pymupdf.Matrix(2, 2), colorspace=pymupdf.csGRAY)
        row = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
        for i, ch in enumerate(LETTERS):
            mask = row[:, side * i : side * (i + 1)] < 128
            ys, xs = np.nonzero(mask)
            vectors.append(_normalise(mask).ravel())
            names.append(ch)
            aspects.append((ys.max() - ys.min() + 1) / (xs.max() - xs.min() + 1))
    doc.close()
    return np.array(vectors), names, np.array(aspects)


def _template_scores(mask: np.ndarray) -> np.ndarray:
    """Correlation of a glyph mask with every template, lowered by aspect-ratio mismatch."""
    vectors, _names, aspects = _templates()
    ys, xs = np.nonzero(mask)
    aspect = (ys.max() - ys.min() + 1) / (xs.max() - xs.min() + 1)
    scores = vectors @ _normalise(mask).ravel()
    # Square-normalised templates lose the aspect ratio ("l" vs "o"): weigh it back in.
    return scores * np.exp(-abs(np.log(aspect / aspects)))


def match_template(mask: np.ndarray) -> tuple[str | None, float]:
    """Best template letter for a boolean glyph mask, and how sure the match is (0..1).

    Parameters
    ----------
    mask : (rows, cols) bool ndarray
        True where the glyph has ink.

    Returns
    -------
    letter : str or None
    score : float
        Correlation with the best template, lowered when the aspect ratio differs
        and when a template of another letter scores almost as high.
    """
    if mask.ndim != 2 or not mask.any():
        return None, 0.0
    names = _templates()[1]
    scores = _template_scores(mask)
    order = np.argsort(scores)[::-1]
    best = names[order[0]]
    runner_up = next((scores[k] for k in order[1:] if names[k].upper() != best.upper()), 0.0)
    # An ambiguous glyph (P/F, j/i) is not trusted: the margin is taken off the score.
    margin = scores[order[0]] - runner_up
    penalty = max(0.0, 0.05 - margin)
    return best, float(scores[order[0]] - penalty)


def template_guesses(mask: np.ndarray, k: int = 6) -> set[str]:
    """The ``k`` letters (upper case) whose templates fit the glyph best."""
    if mask.ndim != 2 or not mask.any():
        return set()
    names = _templates()[1]
    guesses: list[str] = []
    for i in np.argsort(_template_scores(mask))[::-1]:
        if names[i].upper() not in guesses:
            guesses.append(names[i].upper())
        if len(guesses) == k:
            break
    return set(guesses)


#: Width (px) the OCR engine pads a crop to. bench/extract.py: 320 (the engine's
#: default) and 96 read the same letters of generated papers (seeds 7, 11, 13); the
#: real papers' caption letters found as panels went 228 -> 229 of 253 at 96 and 227 at
#: 64. 22.8 -> 8.7 ms per letter; extraction 0.46 -> 0.33 CPU s per paper (seed 7).
_OCR_WIDTH = 96


class _Recogniser:
    """The text recogniser of rapidocr-onnxruntime, alone: one ONNX session.

    A panel letter is an already cut crop, so the engine's text detector and angle
    classifier are never used; loading only the recognition model (and not importing
    the engine's pipeline: its geometry, YAML and progress-bar dependencies) takes a
    quarter of a CPU second less in every new process. It reads as the engine's own
    ``text_rec`` does for one image: height 48 px, width the crop's (at least
    :data:`_OCR_WIDTH`), values scaled to [-1, 1], zero padding on the right; then
    CTC decoding (repeats merged, blanks dropped, the score the mean probability of
    the characters kept).
    """

    def __init__(self, model: str):
        import onnxruntime  # heavy: imported on first use only

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 4
        options.enable_cpu_mem_arena = False
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # One thread: the pipeline parallelises over files, and onnxruntime's thread
        # pool doubles the CPU time of these tiny inputs.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            model, sess_options=options,
            providers=[("CPUExecutionProvider", {"arena_extend_strategy": "kSameAsRequested"})])
        meta = self.session.get_modelmeta().custom_metadata_map
        # Index 0 is the CTC blank; the model's characters; then a space.
        self.characters = ["blank", *meta["character"].splitlines(), " "]
        self.input = self.session.get_inputs()[0].name

    def text_rec(self, images: list[np.ndarray]) -> list[tuple[str, float]]:
        out = []
        for image in images:
            h, w = image.shape[:2]
            width = int(48 * max(_OCR_WIDTH / 48, w / h))
            resized_w = min(width, int(np.ceil(48 * w / h)))
            resized = cv2.resize(image, (resized_w, 48)).astype("float32")
            resized = resized.transpose((2, 0, 1)) / 255
            resized -= 0.5
            resized /= 0.5
            batch = np.zeros((1, 3, 48, width), np.float32)
            batch[0, :, :, :resized_w] = resized
            preds = self.session.run(None, {self.input: batch})[0][0]
            index, prob = preds.argmax(axis=1), preds.max(axis=1)
            keep = np.ones(len(index), bool)
            keep[1:] = index[1:] != index[:-1]
            keep &= index != 0
            conf = prob[keep].tolist() or [0]
            out.append(("".join(self.characters[i] for i in index[keep]),
                        float(np.mean(conf))))
        return out


@functools.lru_cache(maxsize=1)
def _ocr_engine():
    """The OCR engine: rapidocr's recognition model alone (:class:`_Recogniser`) when
    its wheel holds one with its character list, else the whole engine."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("rapidocr_onnxruntime")  # found, not imported
    folders = list(spec.submodule_search_locations or []) if spec else []
    models = [m for f in folders for m in sorted(Path(f, "models").glob("*rec*.onnx"))]
    if len(models) == 1:
        try:
            return _Recogniser(str(models[0]))
        except (KeyError, RuntimeError, OSError) as exc:  # no character list in it
            log.debug("rapidocr's recogniser not loaded alone (%s): the whole engine", exc)
    from rapidocr_onnxruntime import RapidOCR  # heavy: imported on first use only

    # The recogniser pads every input to _OCR_WIDTH px (at 48 px high); made for lines
    # of text, it defaults to 320, five times the work for one letter.
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1,
                    rec_img_shape=[3, 48, _OCR_WIDTH])


def ocr_letter(image: np.ndarray) -> tuple[str | None, float]:
    """Read a single letter from a small RGB or gray crop with rapidocr.

    Returns the character and the engine's confidence, or ``(None, 0.0)`` when the
    crop does not read as exactly one letter or digit (a digit is returned so that
    the caller can tell a "1" from a bar-shaped "l").
    """
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    pad = max(4, image.shape[0] // 3)
    padded = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                value=(255, 255, 255))
    result = _ocr_engine().text_rec([padded])
    results = result[0] if isinstance(result, tuple) else result
    if not results:
        return None, 0.0
    text, score = results[0][0].strip(), float(results[0][1])
    # The engine answers some letters in their full-width forms ("Ａ"): read them as ASCII.
    text = unicodedata.normalize("NFKC", text).strip("().,:;'\"")
    if len(text) == 1 and (text.isalpha() or text.isdigit()):
        return text, score
    return None, 0.0


def read_letter(
    mask: np.ndarray, crop: np.ndarray, template_threshold: float = 0.8,
    ocr_threshold: float = 0.6, expected: set[str] | None = None,
) -> tuple[str | None, float, str]:
    """Read a panel letter: templates first, rapidocr when the templates are unsure.

    Parameters
    ----------
    mask : (rows, cols) bool ndarray
        The glyph's ink.
    crop : (rows, cols, 3) uint8 ndarray
        The same region as dark-on-light pixels, for the OCR engine.
    template_threshold, ocr_threshold : float
        Minimum scores to accept a reading from each method.
    expected : set of str, optional
        Upper-case letters the glyph may be (those the caption names). When the
        templates' best guess is none of them, the OCR engine is not asked: most
        glyphs in a figure are digits and symbols, and the engine is slow.

    Returns
    -------
    letter : str or None
    score : float
    method : str
        ``"template"``, ``"ocr"``, ``"bar"`` (a bare vertical stroke, returned as "l":
        it may be "I", "l" or a "1"), ``"agreed"`` (templates and OCR agree, each
        below its own threshold), ``"none"`` (the OCR engine read no letter) or
        ``"skipped"`` (not like any expected letter; the OCR engine was not asked).
    """
    letter, score = match_template(mask)
    if letter is not None and score >= template_threshold:
        return letter, score, "template"
    if expected and not (template_guesses(mask, 8) & expected):
        return None, score, "skipped"
    ocr, ocr_score = ocr_letter(crop)
    if ocr is not None and ocr.isalpha() and ocr_score >= ocr_threshold:
        return ocr, ocr_score, "ocr"
    if (ocr is not None and letter is not None and ocr.upper() == letter.upper()
            and score >= 0.6 and ocr_score >= 0.3):
        # Two independent readers agreeing, each a little unsure: a small bold "c"
        # reads as "c" to the templates and as "C" to the engine.
        return letter, min(score, ocr_score), "agreed"
    if letter in ("I", "l") and score >= 0.7:
        # A bare bar: "I", "l" or a "1"; the caller decides from the caption's letters.
        return "l", score, "bar"
    return None, max(score, ocr_score), "none"
