"""The grader's stress strings: for each of our languages, in its own script, one short case
for each thing a split pattern must not break (written for this project; no corpus text).

Every language has the same eight cases, each filled with what its script has:
- vowel sign: a word whose consonants carry dependent vowel signs (two-part ones in Tamil,
  Kannada and Malayalam; harakat in Urdu)
- conjunct: consonant clusters joined by the virama (subjoined letters in Gurmukhi; Tamil's
  க்ஷ and ஸ்ரீ; Urdu's aspirates written with do-chashmi he)
- nukta: the script's nukta letters, or its equivalent where it has none in use (Nepali's
  candrabindu, Tamil's aytham and Grantha letters, Telugu's visarga and anusvara,
  Malayalam's chillu letters, Urdu's dotted retroflex letters)
- ZWJ, ZWNJ: a joiner inside a word, as the script's writers use it
- punctuation: the script's sentence marks (danda, Urdu's full stop and comma, or Latin ones)
- digits: the script's own digits next to a word
- mixed Latin: a Latin word inside a sentence of the language
"""

from __future__ import annotations

ZWJ, ZWNJ = "\u200d", "\u200c"
CASES = ("vowel sign", "conjunct", "nukta", "ZWJ", "ZWNJ", "punctuation", "digits", "mixed Latin")

_STRINGS: dict[str, tuple[str, ...]] = {
    "hi": (
        "किताब पढ़ो",
        "क्षत्रिय स्त्री",
        "ज़िंदगी फ़िल्म",
        f"क्{ZWJ}ष",
        f"क्{ZWNJ}ष",
        "यह है। वह था॥",
        "१२३४५ रुपये",
        "मैं Hindi में बात",
    ),
    "mr": (
        "शाळेतील मुले",
        "महाराष्ट्र ज्ञान",
        "तऱ्हा वाऱ्याची",
        f"दर्{ZWJ}या",
        f"क्{ZWNJ}ष",
        "तो आला. ती गेली।",
        "२०२४ साली",
        "मी Marathi बोलतो",
    ),
    "ne": (
        "नेपाली भाषा",
        "राष्ट्रिय सम्झना",
        "आँखा हुँदैन",
        f"क्{ZWJ}ष",
        f"क्{ZWNJ}ष",
        "यो घर हो। त्यो विद्यालय॥",
        "२०८० साल",
        "म Nepali बोल्छु",
    ),
    "bn": (
        "কবিতা লেখো",
        "ক্ষমা স্ত্রী",
        "বড় পাহাড়",
        f"র{ZWJ}্যাব",
        f"ক্{ZWNJ}ষ",
        "এটা বই। ওটা খাতা॥",
        "১২৩৪৫ টাকা",
        "আমি Bangla বলি",
    ),
    "gu": (
        "ગુજરાતી ભાષા",
        "ક્ષત્રિય સ્ત્રી",
        "ઝ઼ીણું ફ઼િલ્મ",
        f"ક્{ZWJ}ષ",
        f"ક્{ZWNJ}ષ",
        "આ ઘર છે. તે શાળા છે!",
        "૧૨૩૪૫ રૂપિયા",
        "હું Gujarati બોલું છું",
    ),
    "pa": (
        "ਪੰਜਾਬੀ ਗੱਲਬਾਤ",
        "ਪ੍ਰੇਮ ਸ੍ਵਰ",
        "ਖ਼ਬਰ ਜ਼ਿੰਦਗੀ",
        f"ਸ੍{ZWJ}ਤ",
        f"ਸ੍{ZWNJ}ਤ",
        "ਇਹ ਘਰ ਹੈ। ਉਹ ਸੀ॥",
        "੧੨੩੪੫ ਰੁਪਏ",
        "ਮੈਂ Punjabi ਬੋਲਦਾ ਹਾਂ",
    ),
    "ta": (
        "கொடுத்தான் கேட்டாள்",
        "க்ஷேத்திரம் ஸ்ரீ",
        "எஃகு ஜன்னல்",
        f"க்{ZWJ}ஷ",
        f"க்{ZWNJ}ஷ",
        "இது வீடு. அது பள்ளி!",
        "௧௨௩ ரூபாய்",
        "நான் Tamil பேசுகிறேன்",
    ),
    "te": (
        "తెలుగు పుస్తకం",
        "క్షత్రియ స్త్రీ",
        "దుఃఖం సంతోషం",
        f"క్{ZWJ}ష",
        f"క్{ZWNJ}ష",
        "ఇది ఇల్లు. అది బడి!",
        "౧౨౩౪౫ రూపాయలు",
        "నేను Telugu మాట్లాడతాను",
    ),
    "kn": (
        "ಕನ್ನಡ ಕೊಡು",
        "ಕ್ಷತ್ರಿಯ ಸ್ತ್ರೀ",
        "ಜ಼ಮೀನು ಫ಼ೋನ್",
        f"ಕರ್{ZWJ}ನಾಟಕ",
        f"ಕ್{ZWNJ}ಷ",
        "ಇದು ಮನೆ. ಅದು ಶಾಲೆ!",
        "೧೨೩೪೫ ರೂಪಾಯಿ",
        "ನಾನು Kannada ಮಾತಾಡುತ್ತೇನೆ",
    ),
    "ml": (
        "കൊടുത്തു കേട്ടു",
        "ക്ഷത്രിയ സ്ത്രീ",
        "അവൻ വന്നാൽ",
        f"അവന്{ZWJ} വന്നു",
        f"സ്{ZWNJ}കൂൾ",
        "ഇത് വീട്. അത് സ്കൂൾ!",
        "൧൨൩ രൂപ",
        "ഞാൻ Malayalam സംസാരിക്കുന്നു",
    ),
    "ur": (
        "کِتاب پڑھو",
        "بھائی کھانا",
        "ٹوپی ڈاک گاڑی",
        f"ہ{ZWJ} ب{ZWJ}",
        f"بے{ZWNJ}حد",
        "یہ گھر ہے۔ وہ اسکول ہے، ٹھیک؟",
        "۱۲۳۴۵ روپے",
        "میں Urdu بولتا ہوں",
    ),
}
STRESS: dict[str, tuple[tuple[str, str], ...]] = {
    lang: tuple(zip(CASES, strings, strict=True)) for lang, strings in _STRINGS.items()
}


def cases(lang: str) -> tuple[tuple[str, str], ...]:
    """(case, text) for `lang`'s eight stress strings, in its own script."""
    return STRESS[lang]
