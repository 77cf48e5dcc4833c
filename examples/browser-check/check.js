// The browser example's logic: text only into the page (list text comes from strangers).
/* global document */
import { loadChecker } from '../../dist-core/browser.mjs';

const $ = (id) => document.getElementById(id);
let checker;

function say(text, cls) {
  const li = document.createElement('li');
  li.textContent = text;
  if (cls) li.className = cls;
  $('out').append(li);
}

$('list').addEventListener('change', async (e) => {
  try {
    checker = await loadChecker({ listTexts: [await e.target.files[0].text()] });
    say(`List loaded: ${checker.lists.map((l) => l.name).join(', ')}`);
  } catch (err) {
    say(`List refused: ${err.message}`, 'unlicensed');
  }
});

async function check(file) {
  if (!checker) return say('Load a signed list first.');
  const verdict = await checker.check(new Uint8Array(await file.arrayBuffer()), { site: $('site').value || undefined });
  if (verdict.status === 'clear') return say(`${file.name}: no registered work matches. Go ahead and edit it.`);
  for (const m of verdict.matches) {
    say(`${file.name}: ${m.model.name} by ${m.creator.name}: ${m.verdict}${m.hints ? ` (${m.hints.changes.map((c) => c.kind).join(', ')})` : ''}`, m.verdict);
  }
}

$('image').addEventListener('change', (e) => check(e.target.files[0]).catch((err) => say(err.message, 'unlicensed')));
$('drop').addEventListener('dragover', (e) => e.preventDefault());
$('drop').addEventListener('drop', (e) => {
  e.preventDefault();
  check(e.dataTransfer.files[0]).catch((err) => say(err.message, 'unlicensed'));
});
