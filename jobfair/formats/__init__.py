"""Dates and times in each language of the site (``FORMAT_MODULE_PATH``).

Django's own formats are incomplete for some of our languages and mix
customs: Arabic defines no ``DATETIME_FORMAT`` and falls back to the English
"N j, Y, P", next to its own 12-hour "g:i A"; English is American (month
first, "4 p.m."). Each module here defines every format the templates use, so
no language falls back to another's.

The choices, for a fair in Germany:

- **24-hour times in every language**, written as on German letters and signs
  ("09:00", "16:00"). What a person reads on their own page, in their
  e-mail or SMS must match the printed programme, the invitation letter beside
  it in German and the sign on the door; "4:00 م" or "4 p.m." would not.
- Day before month before year, as in German, in every language but Farsi,
  whose custom of year first ("2026/12/22") is unambiguous.
- The locale's own words (month names, "р." in Ukrainian, "ساعت" in Farsi)
  and punctuation: the Arabic comma "،" in Arabic and Farsi, never the Latin
  one.
- Western digits everywhere, as Django writes every number, the same digits as
  on the German letters and signs.
- No invisible direction marks: pages in Arabic and Farsi are right to left
  already, and copied text and SMS stay plain.
"""
