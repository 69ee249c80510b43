"""The code for the entrance: six characters printed under every check-in QR
code, typed at the desk when the QR code cannot be scanned (a cracked phone
screen, a crumpled letter, no scanner at hand).

The alphabet leaves out characters that are read or typed for one another
(0/O, 1/I/L, 5/S, 2/Z, 8/B). Its 25 characters give 244 million codes; a
code is unique within its event, and only the event's check-in finds it.
Shown as ``ABC-DEF`` for reading; typed in any case, with or without the
hyphen and spaces.
"""

import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 6


def checkin_code_random() -> str:
    """A code drawn at random; whether the event has it already is for the
    caller to check."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def checkin_code_clean(typed: str) -> str | None:
    """The code as stored, from what someone typed (any case, hyphens and
    spaces anywhere); None when the text cannot be a code."""
    code = "".join(character for character in typed if character.isalnum()).upper()
    if len(code) != LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code


def checkin_code_display(code: str) -> str:
    """The code in two halves, easier to read out and to type: ``ABC-DEF``."""
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}" if code else ""
