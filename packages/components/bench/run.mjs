// Build + validate a full message (4 rows of 5 buttons + a row with a 25-option select) and a full modal
// (5 labelled text inputs), with @maidkit/components and, in the same run, @discordjs/builders doing the same
// work (its toJSON() validates). Each figure is printed beside that baseline, as a ratio.
// Run: npx turbo run build --filter=@maidkit/components && npm run bench -w @maidkit/components
import {
  ActionRowBuilder,
  ButtonBuilder,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextInputBuilder,
} from '@discordjs/builders';
import { ActionRow, Button, Modal, SelectMenu, SelectOption, TextInput, buildMessage, validateMessagePayload, validateModal } from '../dist/index.js';

const STYLES = ['primary', 'secondary', 'success', 'danger'];

function maidkitMessage() {
  const rows = [];
  for (let r = 0; r < 4; r++) {
    const row = new ActionRow();
    for (let b = 0; b < 5; b++) row.addComponents(new Button({ label: `Button ${r}-${b}`, custom_id: `btn:${r}:${b}`, style: STYLES[b % 4] }));
    rows.push(row);
  }
  const menu = new SelectMenu({ custom_id: 'pick', placeholder: 'Pick some', min_values: 1, max_values: 3 });
  for (let i = 0; i < 25; i++) menu.addOptions(new SelectOption({ label: `Option ${i}`, value: `opt_${i}`, description: 'An option' }));
  rows.push(new ActionRow(menu));
  return buildMessage({ content: 'Pick one:', components: rows });
}

function maidkitModal() {
  const modal = new Modal({ title: 'Send Feedback', custom_id: 'feedback_form' });
  for (let i = 0; i < 5; i++) {
    modal.addField(new TextInput({ label: `Field ${i}`, custom_id: `field_${i}`, style: i % 2 ? 'paragraph' : 'short', placeholder: 'Type here', required: i < 3, max_length: 1000 }));
  }
  return modal.toJSON();
}

function djsMessage() {
  const rows = [];
  for (let r = 0; r < 4; r++) {
    const row = new ActionRowBuilder();
    for (let b = 0; b < 5; b++) row.addComponents(new ButtonBuilder().setLabel(`Button ${r}-${b}`).setCustomId(`btn:${r}:${b}`).setStyle((b % 4) + 1));
    rows.push(row);
  }
  const menu = new StringSelectMenuBuilder().setCustomId('pick').setPlaceholder('Pick some').setMinValues(1).setMaxValues(3);
  for (let i = 0; i < 25; i++) menu.addOptions(new StringSelectMenuOptionBuilder().setLabel(`Option ${i}`).setValue(`opt_${i}`).setDescription('An option'));
  rows.push(new ActionRowBuilder().addComponents(menu));
  return { content: 'Pick one:', components: rows.map((r) => r.toJSON()) };
}

function djsModal() {
  const modal = new ModalBuilder().setTitle('Send Feedback').setCustomId('feedback_form');
  for (let i = 0; i < 5; i++) {
    const input = new TextInputBuilder().setCustomId(`field_${i}`).setStyle((i % 2) + 1).setPlaceholder('Type here').setRequired(i < 3).setMaxLength(1000);
    modal.addLabelComponents(new LabelBuilder().setLabel(`Field ${i}`).setTextInputComponent(input));
  }
  return modal.toJSON();
}

// CPU time of this process, not wall time: the bench shares a 2-core machine with other work, and CPU time is
// what a contended scheduler does not inflate. Node runs this single-threaded (GC helpers aside).
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Operations per CPU-second: the median of `rounds` timed batches after a warm-up.
 *
 * Each round starts with a forced full GC (so one round's garbage is not collected on the next one's clock),
 * followed by an untimed re-warm of a fifth of a batch. The re-warm matters: V8 holds the hidden classes it
 * compiled against only weakly, and a full GC at a moment when no object of such a class is alive (between
 * rounds, nothing built is) drops them and throws away every optimized function that used them ("marking
 * dependent code … reason: weak objects" under --trace-deopt). Without it each round timed the climb back
 * from the interpreter, not the library: about half the steady rate for both libraries (maidkit's message
 * 64k → 97k/s, discord.js's 18k → 30k/s in one run). Both sides get the same re-warm; the timed work is unchanged.
 */
/**
 * A timing loop of its own for `fn`. One shared `for (…) fn()` loop sees every workload of the run at its call
 * site; once it has seen several it is compiled as a megamorphic call, and which workload happened to be
 * measured first decided how each later one was compiled (the modal row swung between ~240k and ~540k/s from
 * run to run). Each loop is compiled from its own source text (the counter keeps V8's eval cache from handing
 * back a shared one), so each call site sees exactly one function. Both libraries get the same treatment.
 */
let loops = 0;
function loopFor(fn) {
  const run = new Function('fn', 'n', `// timing loop ${++loops}\nfor (let i = 0; i < n; i++) fn();`);
  return (n) => run(fn, n);
}

function measure(fn, { rounds = 7, minMs = 300 } = {}) {
  const loop = loopFor(fn);
  loop(2000);
  let batch = 1000;
  // Size the batch so each round runs for about minMs.
  for (;;) {
    const t0 = cpuMs();
    loop(batch);
    const ms = cpuMs() - t0;
    if (ms >= minMs / 4) {
      batch = Math.max(1, Math.round((batch * minMs) / ms));
      break;
    }
    batch *= 4;
  }
  const rewarm = Math.ceil(batch / 5);
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    loop(rewarm);
    const t0 = cpuMs();
    loop(batch);
    rates.push((batch * 1000) / (cpuMs() - t0));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

// Same work: both produce equivalent JSON (checked once, so the comparison is honest). Key order differs.
const canon = (v) => (Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v);
const same = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
const ours = maidkitMessage();
const theirs = djsMessage();
if (!same(ours, theirs)) throw new Error('message outputs differ');
if (!same(maidkitModal(), djsModal())) throw new Error('modal outputs differ');

// The host's path: a plugin's JSON arrives over RPC and is validated as-is (discord.js: parse each row with
// its builders and toJSON(), which validates).
const messageJSON = maidkitMessage();
const modalJSON = maidkitModal();
const hostMessage = () => {
  if (validateMessagePayload(messageJSON).length > 0) throw new Error('invalid');
};
const djsHostMessage = () => ({ content: messageJSON.content, components: messageJSON.components.map((r) => new ActionRowBuilder(r).toJSON()) });
const hostModal = () => {
  if (validateModal(modalJSON).length > 0) throw new Error('invalid');
};
const djsHostModal = () => new ModalBuilder(modalJSON).toJSON();

const rows = [
  ['full 5-row message (build + validate)', maidkitMessage, djsMessage],
  ["host: validate a plugin's 5-row message JSON", hostMessage, djsHostMessage],
  ["host: validate a plugin's modal JSON", hostModal, djsHostModal],
  ['full modal, 5 labelled inputs (build + validate)', maidkitModal, djsModal],
  ['message + modal', () => (maidkitMessage(), maidkitModal()), () => (djsMessage(), djsModal())],
];
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
console.log(`node ${process.version}; rates per CPU-second (median of 7); target ≥ 100,000 messages/s\n`);
console.log(`${'workload'.padEnd(50)} ${'maidkit/s'.padStart(10)} ${'discord.js/s'.padStart(12)}  ratio`);
for (const [name, a, b] of rows) {
  // Interleave to share any machine noise between the two.
  const base1 = measure(b);
  const mine = measure(a);
  const base2 = measure(b);
  const base = (base1 + base2) / 2;
  console.log(`${name.padEnd(50)} ${fmt(mine)} ${fmt(base).padStart(12)}  ${(mine / base).toFixed(2)}×`);
}
