// markpoint serve: the pages' script. It fetches JSON from this server and
// builds the page with DOM calls, so text from answers and rubrics is only
// ever set as text, never parsed as HTML.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const COLOURS = 8;

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** An SVG element with attributes. */
function svg(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  return node;
}

/** GET (no body) or POST (JSON body) to the API; throws the server's error message. */
async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) throw new Error((data && data.error) || `the server answered ${response.status}`);
  return data;
}

function $(id) { return document.getElementById(id); }

function setStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

/** A number as the reports write it: no trailing ".0". */
function number(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

function countWords(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length;
}

/** Maps byte offsets into a string's UTF-8 form to string (UTF-16) indexes; null off a character boundary. */
function byteIndex(text) {
  const at = new Map();
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    at.set(bytes, index);
    const code = ch.codePointAt(0);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += ch.length;
  }
  at.set(bytes, index);
  return (offset) => (at.has(offset) ? at.get(offset) : null);
}

/**
 * The answer with each covered point's evidence marked in that point's colour
 * and numbered (so colour is not the only sign); overlaps are underlined.
 */
function highlightedAnswer(answer, points) {
  const at = byteIndex(answer);
  const spans = [];
  points.forEach((point, i) => {
    if (!point.covered || !point.span) return;
    const start = at(point.span[0]);
    const end = at(point.span[1]);
    if (start !== null && end !== null && end > start) spans.push({ start, end, i });
  });
  const cuts = new Set([0, answer.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const edges = [...cuts].sort((a, b) => a - b);
  const box = document.createDocumentFragment();
  for (let k = 0; k + 1 < edges.length; k++) {
    const [from, to] = [edges[k], edges[k + 1]];
    const piece = answer.slice(from, to);
    const over = spans.filter((s) => s.start <= from && s.end >= to);
    if (over.length === 0) {
      box.append(piece);
    } else {
      const names = over.map((s) => s.i + 1).join(", ");
      box.append(el("mark", {
        class: `c${over[0].i % COLOURS}${over.length > 1 ? " multi" : ""}`,
        title: `evidence for point ${names}`,
      }, piece));
    }
    for (const span of spans.filter((s) => s.end === to)) {
      box.append(el("sup", { class: `tag c${span.i % COLOURS}`, "aria-label": `point ${span.i + 1}` }, String(span.i + 1)));
    }
  }
  return box;
}

/* ---------- practice ---------- */

const ANSWER_KEY = (id) => `markpoint:answer:${id}`;
const QUESTION_KEY = "markpoint:question";

function storageGet(key) {
  try { return window.localStorage.getItem(key); } catch (e) { return null; }
}
function storageSet(key, value) {
  try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no autosave */ }
}

async function loadQuestions() {
  const questions = await api("/api/questions");
  const select = $("question");
  select.replaceChildren(...questions.map((q) => el("option", { value: q.id }, `${q.id} (${q.topic})`)));
  return questions;
}

async function startPractice() {
  const select = $("question");
  const answer = $("answer");
  let questions = [];
  try {
    questions = await loadQuestions();
  } catch (error) {
    setStatus(`Cannot load the questions: ${error.message}`, true);
    return;
  }
  const wanted = new URLSearchParams(window.location.hash.slice(1)).get("q") || storageGet(QUESTION_KEY);
  if (wanted && questions.some((q) => q.id === wanted)) select.value = wanted;

  const showQuestion = () => {
    const question = questions.find((q) => q.id === select.value);
    $("question-text").textContent = question ? question.question : "";
    answer.value = storageGet(ANSWER_KEY(select.value)) || "";
    storageSet(QUESTION_KEY, select.value);
    $("result").hidden = true;
    $("model").hidden = true;
    updateCount();
  };
  const updateCount = () => {
    const words = countWords(answer.value);
    $("word-count").textContent = `${words} word${words === 1 ? "" : "s"}`;
  };
  select.addEventListener("change", showQuestion);
  answer.addEventListener("input", () => {
    storageSet(ANSWER_KEY(select.value), answer.value);
    updateCount();
  });
  answer.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      $("practice-form").requestSubmit();
    }
  });
  $("practice-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = answer.value.replace(/^\uFEFF/, "");
    if (countWords(text) === 0) {
      setStatus("Write an answer first.", true);
      answer.focus();
      return;
    }
    const button = $("submit");
    button.disabled = true;
    setStatus("Checking…");
    try {
      const result = await api("/api/practice", { question: select.value, answer: text });
      showResult(result.report, text);
      setStatus(result.not_saved ? `Checked (not saved to your progress: ${result.not_saved}).` : "Checked and saved to your progress.");
      $("result-heading").focus();
    } catch (error) {
      setStatus(`Could not check the answer: ${error.message}`, true);
    } finally {
      button.disabled = false;
    }
  });
  $("reveal").addEventListener("click", async () => {
    try {
      const question = await api(`/api/questions/${encodeURIComponent(select.value)}`);
      $("model-text").textContent = question.model_answer;
      $("model").hidden = false;
      $("model-heading").focus();
    } catch (error) {
      setStatus(`Cannot show the model answer: ${error.message}`, true);
    }
  });
  showQuestion();
}

function showResult(report, answer) {
  const score = $("score");
  const verdict = el("span", { class: `verdict ${report.passed ? "pass" : "fail"}` },
    report.passed ? `✓ passed (${report.grade})` : `✗ not yet passed (${report.grade})`);
  let figures = `${number(report.score)} of ${number(report.max_score)} points · ${number(report.percent)}%`;
  if (report.marks !== undefined && report.max_marks !== undefined) {
    figures = `${number(report.marks)} of ${number(report.max_marks)} marks · ${figures}`;
  }
  score.replaceChildren(`${figures} · `, verdict);
  $("highlighted").replaceChildren(highlightedAnswer(answer, report.points));

  // At full marks under a mark scheme a missed point is another way to
  // earn them, not something to add (as report::missed_point_label says).
  const fullMarks = report.marks !== undefined && report.max_marks !== undefined
    && report.marks >= report.max_marks;
  $("missed-heading").textContent = fullMarks ? "Other ways to earn these marks" : "What to add";
  const covered = [];
  const missed = [];
  report.points.forEach((point, i) => {
    const tag = el("sup", { class: `tag c${i % COLOURS}` }, String(i + 1));
    if (point.covered) {
      covered.push(el("li", { class: "yes" },
        el("span", { class: "sign", "aria-hidden": "true" }, "✓"), tag, " ", el("strong", {}, point.label),
        point.evidence ? el("span", { class: "quote" }, ` — “${point.evidence}”`) : null));
    } else {
      const denied = point.denied ? el("span", { class: "quote" }, ` (you wrote it with “${point.denied.cue}”, which denies it)`) : null;
      missed.push(el("li", { class: "no" },
        el("span", { class: "sign", "aria-hidden": "true" }, "✗"), el("strong", {}, point.label),
        el("span", { class: "add" }, ` — ${fullMarks ? "also" : "add"}: ${point.hint || ""}`), denied));
    }
  });
  $("covered").replaceChildren(...(covered.length ? covered : [el("li", {}, "None yet.")]));
  $("missed").replaceChildren(...(missed.length ? missed : [el("li", {}, "Nothing: every point is covered.")]));

  const misconceptions = report.misconceptions.map((m) => el("li", { class: "no" },
    el("span", { class: "sign", "aria-hidden": "true" }, "!"), el("strong", {}, m.message),
    el("span", { class: "quote" }, ` — you wrote “${m.evidence}”`)));
  $("misconceptions").replaceChildren(...misconceptions);
  $("misconceptions-box").hidden = misconceptions.length === 0;
  const warnings = report.warnings.map((w) => el("li", {}, el("span", { class: "sign", "aria-hidden": "true" }, "!"), w));
  $("warnings").replaceChildren(...warnings);
  $("warnings-box").hidden = warnings.length === 0;
  $("result").hidden = false;
}

/* ---------- progress ---------- */

/** A bar per attempt (0 to 100%), the pass mark as a dashed line; a text alternative for screen readers. */
function progressChart(progress, passMark) {
  const width = 320;
  const height = 90;
  const gap = 2;
  const count = progress.percents.length;
  const barWidth = Math.max(4, Math.min(24, (width - gap * count) / Math.max(count, 1)));
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height + 2}`, width, height: height + 2, role: "img",
    "aria-label": `Scores of the last ${count} attempts, oldest first: ${progress.percents.map((p) => `${number(p)}%`).join(", ")}`,
  });
  progress.percents.forEach((percent, i) => {
    const h = Math.max(2, (Math.min(Math.max(percent, 0), 100) / 100) * height);
    const bar = svg("rect", {
      x: i * (barWidth + gap), y: height - h, width: barWidth, height: h,
      class: passMark !== null && percent >= passMark ? "bar-pass" : "bar-fail",
    });
    const title = svg("title");
    title.textContent = `attempt ${i + 1}: ${number(percent)}%`;
    bar.append(title);
    chart.append(bar);
  });
  chart.append(svg("line", { x1: 0, y1: height + 1, x2: width, y2: height + 1, class: "axis" }));
  if (passMark !== null) {
    const y = height - (passMark / 100) * height;
    chart.append(svg("line", { x1: 0, y1: y, x2: width, y2: y, class: "pass-line" }));
  }
  return chart;
}

async function startProgress() {
  let data;
  let questions = [];
  try {
    [data, questions] = await Promise.all([api("/api/progress"), api("/api/questions")]);
  } catch (error) {
    setStatus(`Cannot load your progress: ${error.message}`, true);
    return;
  }
  const list = $("progress-list");
  if (data.questions.length === 0) {
    setStatus("No attempts yet: start on the practice page.");
  }
  for (const warning of data.warnings) setStatus(warning, true);
  for (const progress of data.questions) {
    const question = questions.find((q) => q.id === progress.question);
    const passMark = question ? question.pass_mark : null;
    const missed = progress.most_missed.map((m) => `${m.id} (${m.times}×)`).join(", ");
    list.append(el("section", { class: "card", "aria-label": progress.question },
      el("h2", {}, progress.question),
      question ? el("p", { class: "help" }, question.question) : null,
      el("p", {}, `${progress.attempts} attempt${progress.attempts === 1 ? "" : "s"} · best ${number(progress.best.percent)}% · latest ${number(progress.latest.percent)}%`
        + (passMark !== null ? ` · pass mark ${number(passMark)}% (dashed line; green bars passed)` : "")),
      progressChart(progress, passMark),
      missed ? el("p", {}, `Most often missed: ${missed}`) : null,
      question ? el("p", {}, el("a", { href: `/#q=${encodeURIComponent(progress.question)}` }, "Practise this question again")) : null));
  }
}

/* ---------- class ---------- */

function classLinks(summary) {
  return [
    el("li", {}, el("a", { href: summary.report }, `Open the class report (${summary.question}, ${summary.source})`)),
    el("li", {}, el("a", { href: summary.csv, download: "" }, "Download CSV")),
    el("li", {}, el("a", { href: summary.jsonl, download: "" }, "Download JSON Lines")),
  ];
}

async function startClass() {
  let sources;
  try {
    await loadQuestions();
    sources = await api("/api/class/sources");
  } catch (error) {
    setStatus(`Cannot load the page: ${error.message}`, true);
    return;
  }
  const box = $("sources");
  sources.sources.forEach((source) => {
    const id = `source-${source.index}`;
    box.append(el("div", { class: "choice" },
      el("input", { type: "radio", name: "source", id, value: String(source.index) }),
      el("label", { for: id }, `Named when the server started: ${source.name}`)));
  });
  const radios = document.querySelectorAll("input[name=source]");
  radios[0].checked = true;
  $("files").addEventListener("change", () => { $("source-upload").checked = true; });
  const showEarlier = (classes) => {
    $("earlier-list").replaceChildren(...classes.map((c) => el("li", {},
      el("a", { href: c.report }, `Class ${c.number}: ${c.question}, ${c.source} (${c.graded} answers)`))));
    $("earlier").hidden = classes.length === 0;
  };
  showEarlier(sources.classes);

  $("class-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const chosen = document.querySelector("input[name=source]:checked");
    const body = { question: $("question").value };
    if (!chosen || chosen.value === "upload") {
      const files = [...$("files").files];
      if (files.length === 0) {
        setStatus("Choose the files to upload first.", true);
        $("files").focus();
        return;
      }
      body.files = await Promise.all(files.map(async (file) => ({ name: file.name, content: await file.text() })));
    } else {
      body.source = Number(chosen.value);
    }
    $("grade").disabled = true;
    setStatus("Grading the class…");
    try {
      const summary = await api("/api/class", body);
      $("class-summary").textContent = `${summary.graded} answer${summary.graded === 1 ? "" : "s"} graded`
        + (summary.skipped ? `, ${summary.skipped} could not be graded (listed below).` : ".");
      $("class-links").replaceChildren(...classLinks(summary));
      $("class-messages").replaceChildren(...summary.messages.map((m) => el("li", {}, m)));
      $("class-messages-box").hidden = summary.messages.length === 0;
      $("class-result").hidden = false;
      setStatus("Done.");
      $("class-heading").focus();
      showEarlier((await api("/api/class/sources")).classes);
    } catch (error) {
      setStatus(`Could not grade the class: ${error.message}`, true);
    } finally {
      $("grade").disabled = false;
    }
  });
}

const starts = { practice: startPractice, progress: startProgress, class: startClass };
const start = starts[document.body.dataset.page];
if (start) start();
