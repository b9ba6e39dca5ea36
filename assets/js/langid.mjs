// Which of our languages a text is written in: a port of indictok/languages.py (the
// specification): the script with the most letters, then, for a script several of our
// languages share (Devanagari), the naive-Bayes identifier of tokenizers_store/language_id.json.

// `config`: {scripts: [script, ...], languages: [{code, name, script}], sample, lid_chars,
// unseen, shared: [codes]} (indictok/browser.py `language_config`).
export function makeDetector(config, lidFile) {
  const letters = config.scripts.map((s) => [s, new RegExp(`\\p{Script=${s}}`, "gu")]);
  const model = lidFile ? identifier(lidFile, config.shared) : null;
  const unseen = Math.log(config.unseen);

  function scriptOf(text) {
    const sample = firstCodePoints(text, config.sample);
    let best = null, most = 0;
    for (const [script, re] of letters) {
      const n = (sample.match(re) || []).length;
      if (n > most) { best = script; most = n; } // the first of equal counts, as Python's max
    }
    return best;
  }

  function score(text, lang) {
    const tri = model.trigrams[lang], word = model.words[lang];
    let a = 0, b = 0;
    for (const g of trigrams(text)) a += tri.get(g) ?? unseen;
    for (const w of text.match(WORD) || []) b += word.get(w) ?? unseen;
    return a + b;
  }

  // languages.detect_language: a code, or null for text with no letters of our scripts.
  return function detect(text) {
    const script = scriptOf(text);
    const candidates = config.languages.filter((l) => l.script === script).map((l) => l.code);
    if (candidates.length <= 1) return candidates[0] ?? null;
    if (!model) return candidates[0];
    const sample = firstCodePoints(text, config.lid_chars);
    let best = candidates[0], top = score(sample, best);
    for (const lang of candidates.slice(1)) {
      const s = score(sample, lang);
      if (s > top) { best = lang; top = s; }
    }
    return best;
  };
}

const WORD = /[\p{L}\p{M}\u200c\u200d]+/gu;

function firstCodePoints(text, n) {
  if (text.length <= n) return text;
  let i = 0;
  for (let k = 0; k < n && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return text.slice(0, i);
}

function trigrams(text) {
  const chars = Array.from(` ${text} `), out = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars[i] + chars[i + 1] + chars[i + 2]);
  return out;
}

// LanguageIdentifier.from_counts: log P of each trigram and word, per language.
function identifier(file, shared) {
  const logp = (table) => {
    let total = 0;
    for (const n of Object.values(table)) total += n;
    return new Map(Object.entries(table).map(([k, n]) => [k, Math.log(n / total)]));
  };
  const trigramsOf = {}, wordsOf = {};
  for (const code of shared) {
    trigramsOf[code] = logp(file.languages[code].trigrams);
    wordsOf[code] = logp(file.languages[code].words);
  }
  return { trigrams: trigramsOf, words: wordsOf };
}
