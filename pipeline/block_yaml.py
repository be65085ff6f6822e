"""Block-style YAML for JSON-shaped data (dicts, lists, strings, numbers, booleans, None).

Why not PyYAML's dumper for this part: its representer builds a node for every value before
emitting, which made writing drafts (whose provenance holds every piece of evidence) the second
largest cost of a batch after spaCy. The data here is plain JSON, so a direct emitter is enough:
every string is double-quoted with JSON's escapes (a subset of YAML's) and characters YAML does
not allow raw (C1 controls, line and paragraph separators, BOM) are escaped too, so PyYAML's safe
loader reads back exactly what was written (tests/pipeline/test_block_yaml.py checks round trips).
PyYAML still writes the analyst-facing keys of a draft; this writes the provenance under them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# Characters that may not appear raw in a YAML stream, or that YAML reads as line breaks inside a
# quoted scalar (NEL, LS, PS), or that a reader may take for a byte-order mark.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# A JSON number with an exponent, or NaN/Infinity, where JSON puts values: after ":", "[" or ",".
_RISKY_NUMBER = re.compile(r"[:\[,]\s*-?(?:\d+(?:\.\d+)?[eE]|NaN|Infinity)")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def dump(data: dict[str, Any] | list[Any], indent: int = 0, flow_depth: int | None = None) -> str:
    """`data` as block YAML, every line indented by `indent` spaces; ends with a newline.

    flow_depth (int | None): collections this deep (`data` itself is 0) are written on one line
        in flow style (JSON, which YAML reads): one line per piece of evidence, and about ten times
        faster to write than a key per line.
    """
    lines: list[str] = []
    _emit(data, " " * indent, lines, 0, flow_depth)
    return "".join(line + "\n" for line in lines)


def scalar(value: Any) -> str:
    """One value as a YAML scalar (or an empty collection in flow style)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _quote(value)
    if value == [] or value == ():
        return "[]"
    if value == {}:
        return "{}"
    raise TypeError(f"cannot write {type(value).__name__} as YAML here")


def _emit(value: Any, pad: str, lines: list[str], depth: int, flow_depth: int | None) -> None:
    inner = depth + 1
    flow = flow_depth is not None and inner >= flow_depth
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{_key(key)}:"
            if _is_scalar(item):
                lines.append(f"{head} {scalar(item)}")
            elif flow and (text := _flow(item)) is not None:
                lines.append(f"{head} {text}")
            elif isinstance(item, dict):
                lines.append(head)
                _emit(item, pad + "  ", lines, inner, flow_depth)
            else:  # a list, at the key's indentation as PyYAML writes it
                lines.append(head)
                _emit(item, pad, lines, inner, flow_depth)
    elif isinstance(value, (list, tuple)):
        for item in value:
            if _is_scalar(item):
                lines.append(f"{pad}- {scalar(item)}")
            elif flow and (text := _flow(item)) is not None:
                lines.append(f"{pad}- {text}")
            elif isinstance(item, dict):
                start = len(lines)
                _emit(item, pad + "  ", lines, inner, flow_depth)
                lines[start] = f"{pad}- {lines[start][len(pad) + 2:]}"
            else:
                lines.append(f"{pad}-")
                _emit(item, pad + "  ", lines, inner, flow_depth)
    else:
        lines.append(pad + scalar(value))


def _flow(value: Any) -> str | None:
    """A collection as one JSON line, or None when JSON would not read back as the same YAML:
    floats JSON writes with an exponent but no point (YAML 1.1 reads "1e-05" as a string),
    NaN and infinities (checked loosely: a false alarm only means the slower block style)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return None  # not JSON-shaped: the block emitter says why
    if _RISKY_NUMBER.search(text):
        return None
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple)) or not value


def _key(key: Any) -> str:
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) and key.lower() not in _RESERVED:
        return key
    if isinstance(key, str):
        return _quote(key)
    raise TypeError(f"mapping keys must be strings here, not {type(key).__name__}")


def _quote(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text and "." not in text:  # YAML 1.1 reads "1e-05" as a string, "1.0e-05" as a float
        text = text.replace("e", ".0e")
    return text
