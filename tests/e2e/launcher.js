// A local Bot API server for ecobot's end-to-end tests.
//
// It starts telegram-test-api's TelegramServer (its Express app, listener and shutdown) and
// mounts, ahead of its routes, the Bot API methods the bot uses with the shapes Telegram
// documents (https://core.telegram.org/bots/api): dates in seconds, per-chat message ids,
// `is_bot` in getMe, Message objects from edits, callback queries with chat_instance, inline
// queries, documents with getFile and downloads, command menus by scope, long polling that honours
// offset/limit/timeout (a second concurrent long poll gets Telegram's 409 Conflict), and webhooks that carry the secret-token header (a failing webhook is
// logged and retried, as Telegram does, never fatal). Tests act as users through the /client/* routes.
//
// It is as strict as Telegram where bugs hide: HTML that does not parse, text that is empty or
// over 4096 characters after entity parsing, callback data over 64 bytes, an edit that changes
// nothing ("message is not modified") and a second answer to one callback query are refused
// with Telegram's errors; an edit without a keyboard (or with an empty one) removes the
// keyboard. POST /client/latency {"max_ms": N} delays every edit by a random 0..N ms, so
// ordering bugs show.
// POST /client/send-gate {"open": false} holds every sendMessage before it takes effect until
// the gate opens again (a client that hung up meanwhile sends nothing, as with Telegram), and
// GET /client/send-gate says how many sends it holds; POST /client/block
// {"chat_id": C, "blocked": true} makes sends to C answer 403 "Forbidden: bot was blocked by
// the user"; POST /client/chat-admins {"chat_id": C, "user_ids": [...]} sets the group admins
// that getChatMember reports.
// POST /client/latency also takes "send_ms": M, which holds every sendMessage M ms (fixed, so
// a bot killed meanwhile surely had it in flight) and drops it if the bot is gone by then.
//
// Usage: node launcher.js --port 0     (prints "READY <port>" once listening)
'use strict';

const express = require('express');
const TelegramServer = require('telegram-test-api');

const JSON_FIELDS = new Set(['reply_markup', 'entities', 'results', 'commands', 'scope',
  'link_preview_options', 'allowed_updates', 'reply_parameters', 'caption_entities',
  'button']);
const MAX_WAITERS = 1000;
const WEBHOOK_ATTEMPTS = 5;

function now() { return Math.floor(Date.now() / 1000); }

// Telegram's HTML parse mode: the tags it supports, entities it decodes; anything else is the
// error users of python-telegram-bot know as "Can't parse entities".
const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code',
  'pre', 'span', 'tg-spoiler', 'blockquote', 'tg-emoji']);
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(source) {
  let out = '';
  const open = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '<') {
      const end = source.indexOf('>', i);
      if (end < 0) throw new Error(`Unclosed start tag at byte offset ${i}`);
      const tag = source.slice(i + 1, end).trim();
      const closing = tag.startsWith('/');
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0].toLowerCase();
      if (!TAGS.has(name)) throw new Error(`Unsupported start tag "${name}" at byte offset ${i}`);
      if (closing) {
        if (open.pop() !== name) throw new Error(`Unmatched end tag at byte offset ${i}`);
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const m = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(source.slice(i, i + 12));
      if (!m) throw new Error(`Character entity expected at byte offset ${i}`);
      const name = m[1];
      if (name[0] === '#') {
        out += String.fromCodePoint(name[1] === 'x' || name[1] === 'X'
          ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      } else if (name in ENTITIES) {
        out += ENTITIES[name];
      } else {
        throw new Error(`Unsupported entity "${name}" at byte offset ${i}`);
      }
      i += m[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  if (open.length) throw new Error(`Unclosed tag "${open.pop()}"`);
  return out;
}

function messageText(p) {
  const raw = String(p.text ?? '');
  return (p.parse_mode || '').toUpperCase() === 'HTML' ? parseHtml(raw) : raw;
}

const NOT_MODIFIED = 'Bad Request: message is not modified: specified new message content and '
  + 'reply markup are exactly the same as a current content and reply markup of the message';

// The problem with a message's text and keyboard, as Telegram words it (null when fine).
function invalid(p, { needText = true } = {}) {
  let text = '';
  if (needText) {
    try { text = messageText(p); } catch (error) {
      return `Bad Request: can't parse entities: ${error.message}`;
    }
    if (!text.trim()) return 'Bad Request: message text is empty';
    if ([...text].length > 4096) return 'Bad Request: message is too long';
  }
  const rows = (p.reply_markup && p.reply_markup.inline_keyboard) || [];
  for (const row of rows) {
    for (const button of row) {
      if (button.callback_data !== undefined
          && (Buffer.byteLength(String(button.callback_data)) > 64
              || !String(button.callback_data).length)) {
        return 'Bad Request: BUTTON_DATA_INVALID';
      }
    }
  }
  return null;
}

// The inline keyboard a call sets; none (null) without one or with an empty one, as Telegram
// shows no keyboard for `{"inline_keyboard": []}`.
function keyboardOf(p) {
  const rows = p.reply_markup && p.reply_markup.inline_keyboard;
  return Array.isArray(rows) && rows.some((row) => row.length) ? p.reply_markup : null;
}

function params(req) {
  const raw = { ...(req.query || {}), ...(req.body || {}) };
  const out = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && JSON_FIELDS.has(key)) {
      try { out[key] = JSON.parse(value); } catch { out[key] = value; }
    } else {
      out[key] = value;
    }
  }
  return out;
}

function ok(res, result) { res.json({ ok: true, result }); }
function fail(res, code, description) {
  res.status(code).json({ ok: false, error_code: code, description });
}

class BotApi {
  constructor() { this.reset(); }

  reset() {
    if (this.sendGate) this.sendGate.open(); // held sends go on
    this.bots = new Map();
    this.chats = new Map(); // chat id -> chat object
    this.chatAdmins = new Map(); // chat id -> Set of user ids that are the group's admins
    this.blocked = new Set(); // chat ids whose user blocked the bot (sendMessage answers 403)
    this.nextMessageId = new Map(); // chat id -> next message id
    this.sent = []; // messages the bot sent, with their edits
    this.sentByChat = new Map(); // "token|chat id" -> that chat's records in `sent`
    this.sentWaiters = new Map(); // "token|chat id" -> callbacks waiting for a new message
    this.inlineAnswers = new Map();
    this.callbackAnswers = new Map();
    this.editLatencyMs = 0;
    this.sendGate = null; // {promise, open} while POST /client/send-gate holds sends
    this.heldSends = 0;
    this.sendHoldMs = 0; // POST /client/latency {"send_ms": M}: sendMessage held M ms
    this.chatActions = [];
    this.files = new Map();
    this.webhookErrors = [];
    this.updateCounter = 1;
    this.fileCounter = 1;
  }

  bot(token) {
    if (!this.bots.has(token)) {
      const id = Number(String(token).split(':')[0]) || 666;
      this.bots.set(token, {
        me: { id, is_bot: true, first_name: 'Ecobot Test', username: `ecobot_test_${id}_bot`,
          can_join_groups: true, can_read_all_group_messages: false,
          supports_inline_queries: true },
        queue: [], waiters: [], polling: 0, webhook: null, commands: {},
      });
    }
    return this.bots.get(token);
  }

  messageId(chatId) {
    const key = String(chatId);
    const id = this.nextMessageId.get(key) || 1;
    this.nextMessageId.set(key, id + 1);
    return id;
  }

  chat(chatId) {
    return this.chats.get(String(chatId)) || { id: Number(chatId), type: 'private',
      first_name: 'User' };
  }

  // --- updates in ---------------------------------------------------------------------------

  enqueue(token, update) {
    const bot = this.bot(token);
    const full = { update_id: this.updateCounter++, ...update };
    for (const item of [full.message, full.channel_post, full.edited_message]) {
      if (item && item.chat) {
        this.chats.set(String(item.chat.id), item.chat);
        if (item.message_id === undefined) item.message_id = this.messageId(item.chat.id);
        if (item.date === undefined) item.date = now();
      }
    }
    if (bot.webhook) {
      this.deliver(bot, full);
    } else {
      bot.queue.push(full);
      const waiters = bot.waiters.splice(0);
      for (const wake of waiters) wake();
    }
    return full;
  }

  async deliver(bot, update) {
    const headers = { 'content-type': 'application/json' };
    if (bot.webhook.secret_token) {
      headers['X-Telegram-Bot-Api-Secret-Token'] = bot.webhook.secret_token;
    }
    // Like Telegram, retry an update the webhook did not take (no answer, or a 5xx).
    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt += 1) {
      let problem;
      try {
        const res = await fetch(bot.webhook.url, { method: 'POST', headers,
          body: JSON.stringify(update) });
        if (res.ok) return;
        problem = { update_id: update.update_id, status: res.status, attempt };
        if (res.status < 500) attempt = WEBHOOK_ATTEMPTS;
      } catch (error) {
        problem = { update_id: update.update_id, error: String(error), attempt };
      }
      this.webhookErrors.push(problem);
      console.error(`webhook delivery of update ${update.update_id} failed: `
        + `${JSON.stringify(problem)}`);
      if (attempt < WEBHOOK_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  async getUpdates(token, p, closed = null) {
    const bot = this.bot(token);
    const offset = p.offset !== undefined ? Number(p.offset) : undefined;
    if (offset !== undefined) {
      bot.queue = offset < 0 ? bot.queue.slice(offset) : bot.queue.filter(
        (u) => u.update_id >= offset);
    }
    const limit = Math.min(Math.max(Number(p.limit) || 100, 1), 100);
    const timeout = Math.min(Math.max(Number(p.timeout) || 0, 0), 50);
    const allowed = Array.isArray(p.allowed_updates) && p.allowed_updates.length
      ? new Set(p.allowed_updates) : null;
    const pick = () => bot.queue.filter((u) => !allowed || Object.keys(u).some(
      (k) => allowed.has(k))).slice(0, limit);
    let found = pick();
    if (!found.length && timeout > 0 && bot.waiters.length < MAX_WAITERS) {
      bot.polling += 1;
      try {
        await new Promise((resolve) => {
          const wake = () => { clearTimeout(timer); resolve(); };
          const timer = setTimeout(resolve, timeout * 1000);
          bot.waiters.push(wake);
          if (closed) closed(wake); // the client went away: this poll is over
        });
      } finally {
        bot.polling -= 1;
      }
      found = pick();
    }
    return found;
  }

  // --- what the bot sends -------------------------------------------------------------------

  sendMessage(token, p) {
    const chat = this.chat(p.chat_id);
    const bot = this.bot(token);
    const text = messageText(p);
    const message = {
      message_id: this.messageId(chat.id), date: now(), chat,
      from: { id: bot.me.id, is_bot: true, first_name: bot.me.first_name,
        username: bot.me.username },
      text,
    };
    if (chat.type === 'channel') delete message.from;
    if (keyboardOf(p)) message.reply_markup = keyboardOf(p);
    const replyTo = (p.reply_parameters && p.reply_parameters.message_id)
      || p.reply_to_message_id;
    const record = { token, chat_id: chat.id, message_id: message.message_id,
      text, html: String(p.text ?? ''), parse_mode: p.parse_mode || null,
      reply_markup: message.reply_markup || null, reply_to: replyTo ? Number(replyTo) : null,
      edits: 0, deleted: false, date: message.date, received_ms: Date.now() };
    this.sent.push(record);
    const key = `${token}|${chat.id}`;
    if (!this.sentByChat.has(key)) this.sentByChat.set(key, []);
    this.sentByChat.get(key).push(record);
    for (const wake of (this.sentWaiters.get(key) || []).splice(0)) wake();
    return message;
  }

  // The first message the bot sent to a chat after message `after`, waiting up to `timeout`
  // seconds for it (load tests wait here instead of polling /client/messages).
  async nextSent(token, chatId, after, timeout) {
    const key = `${token}|${chatId}`;
    const find = () => (this.sentByChat.get(key) || []).find((m) => m.message_id > after);
    let found = find();
    if (!found && timeout > 0) {
      if (!this.sentWaiters.has(key)) this.sentWaiters.set(key, []);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, timeout * 1000);
        this.sentWaiters.get(key).push(() => { clearTimeout(timer); resolve(); });
      });
      found = find();
    }
    return found || null;
  }

  edit(token, p, field) {
    const record = this.sent.find((m) => m.token === token
      && String(m.chat_id) === String(p.chat_id) && m.message_id === Number(p.message_id));
    if (!record) return null;
    const markup = keyboardOf(p);
    const text = field === 'text' ? messageText(p) : record.text;
    const html = field === 'text' ? String(p.text ?? '') : record.html;
    if (text === record.text && html === record.html
        && JSON.stringify(markup) === JSON.stringify(record.reply_markup)) {
      return 'not modified';
    }
    if (field === 'text') {
      record.text = text;
      record.html = String(p.text ?? '');
      record.parse_mode = p.parse_mode || null;
    }
    record.reply_markup = markup;
    record.edits += 1;
    const message = { message_id: record.message_id, date: record.date,
      edit_date: now(), chat: this.chat(record.chat_id), text: record.text };
    if (record.reply_markup) message.reply_markup = record.reply_markup;
    return message;
  }

  addFile(name, mime, data) {
    const n = this.fileCounter++;
    const file = { file_id: `file-${n}`, file_unique_id: `u${n}`, file_size: data.length,
      file_path: `documents/${n}-${name}`, file_name: name, mime_type: mime, data };
    this.files.set(file.file_id, file);
    return file;
  }
}

function botRoutes(api) {
  const router = express.Router();
  const method = (name, handler) => router.all(`/bot:token/${name}`, async (req, res) => {
    try {
      await handler(req.params.token, params(req), res);
    } catch (error) {
      console.error(`${name}: ${error.stack || error}`);
      fail(res, 500, `Internal Server Error: ${error}`);
    }
  });
  method('getMe', (token, _p, res) => ok(res, api.bot(token).me));
  method('logOut', (_t, _p, res) => ok(res, true));
  method('close', (_t, _p, res) => ok(res, true));
  method('getUpdates', async (token, p, res) => {
    if (api.bot(token).webhook) {
      fail(res, 409, "Conflict: can't use getUpdates method while webhook is active");
      return;
    }
    if (api.bot(token).polling > 0) {
      // Telegram's answer to a second instance polling with the same token
      fail(res, 409, 'Conflict: terminated by other getUpdates request; make sure that only '
        + 'one bot instance is running');
      return;
    }
    ok(res, await api.getUpdates(token, p, (wake) => res.on('close', wake)));
  });
  method('setWebhook', (token, p, res) => {
    const bot = api.bot(token);
    if (!p.url) { bot.webhook = null; ok(res, true); return; }
    bot.webhook = { url: p.url, secret_token: p.secret_token || null };
    if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.queue = [];
    ok(res, true);
  });
  method('deleteWebhook', (token, p, res) => {
    const bot = api.bot(token);
    bot.webhook = null;
    if (p.drop_pending_updates === true || p.drop_pending_updates === 'true') bot.queue = [];
    ok(res, true);
  });
  method('getWebhookInfo', (token, _p, res) => {
    const bot = api.bot(token);
    ok(res, { url: bot.webhook ? bot.webhook.url : '', has_custom_certificate: false,
      pending_update_count: bot.queue.length });
  });
  method('sendMessage', async (token, p, res) => {
    if (!p.chat_id) { fail(res, 400, 'Bad Request: chat_id is empty'); return; }
    if (api.sendHoldMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, api.sendHoldMs));
      if (res.req.socket.destroyed) return; // the bot died before its message was taken
    }
    const problem = invalid(p);
    if (problem) { fail(res, 400, problem); return; }
    if (api.sendGate) {
      let gone = false;
      res.on('close', () => { if (!res.writableFinished) gone = true; });
      api.heldSends += 1;
      await api.sendGate.promise;
      api.heldSends -= 1;
      if (gone) return; // the client hung up before the message was sent
    }
    if (api.blocked.has(String(p.chat_id))) {
      fail(res, 403, 'Forbidden: bot was blocked by the user');
      return;
    }
    ok(res, api.sendMessage(token, p));
  });
  method('getChatMember', (_t, p, res) => {
    const userId = Number(p.user_id);
    if (!p.chat_id || !userId) { fail(res, 400, 'Bad Request: invalid user_id specified'); return; }
    const user = { id: userId, is_bot: false, first_name: 'User' };
    const admins = api.chatAdmins.get(String(p.chat_id));
    if (!admins || !admins.has(userId)) { ok(res, { status: 'member', user }); return; }
    ok(res, { status: 'administrator', user, can_be_edited: false, is_anonymous: false,
      can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: true,
      can_restrict_members: true, can_promote_members: false, can_change_info: true,
      can_invite_users: true, can_post_stories: false, can_edit_stories: false,
      can_delete_stories: false });
  });
  const editRoute = (field) => async (token, p, res) => {
    if (api.editLatencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * api.editLatencyMs));
    }
    if (p.inline_message_id) { ok(res, true); return; }
    const problem = invalid(p, { needText: field === 'text' });
    if (problem) { fail(res, 400, problem); return; }
    const message = api.edit(token, p, field);
    if (!message) fail(res, 400, 'Bad Request: message to edit not found');
    else if (message === 'not modified') fail(res, 400, NOT_MODIFIED);
    else ok(res, message);
  };
  method('editMessageText', editRoute('text'));
  method('editMessageReplyMarkup', editRoute('markup'));
  method('deleteMessage', (token, p, res) => {
    const record = api.sent.find((m) => m.token === token
      && String(m.chat_id) === String(p.chat_id) && m.message_id === Number(p.message_id));
    if (record) record.deleted = true;
    ok(res, true);
  });
  method('answerCallbackQuery', (_t, p, res) => {
    const id = String(p.callback_query_id);
    if (api.callbackAnswers.has(id)) {
      fail(res, 400, 'Bad Request: query is too old and response timeout expired or query ID '
        + 'is invalid');
      return;
    }
    api.callbackAnswers.set(id, p);
    ok(res, true);
  });
  method('answerInlineQuery', (_t, p, res) => {
    const results = Array.isArray(p.results) ? p.results : [];
    if (results.length > 50) { fail(res, 400, 'Bad Request: RESULTS_TOO_MUCH'); return; }
    try {
      for (const r of results) {
        if (r.input_message_content) messageText({ text: r.input_message_content.message_text,
          parse_mode: r.input_message_content.parse_mode });
      }
    } catch (error) {
      fail(res, 400, `Bad Request: can't parse entities: ${error.message}`); return;
    }
    api.inlineAnswers.set(String(p.inline_query_id), p);
    ok(res, true);
  });
  method('sendChatAction', (_t, p, res) => { api.chatActions.push(p); ok(res, true); });
  method('setMyCommands', (token, p, res) => {
    const key = JSON.stringify(p.scope || { type: 'default' });
    api.bot(token).commands[key] = p.commands || [];
    ok(res, true);
  });
  method('getMyCommands', (token, p, res) => {
    ok(res, api.bot(token).commands[JSON.stringify(p.scope || { type: 'default' })] || []);
  });
  method('deleteMyCommands', (token, p, res) => {
    delete api.bot(token).commands[JSON.stringify(p.scope || { type: 'default' })];
    ok(res, true);
  });
  method('getFile', (_t, p, res) => {
    const file = api.files.get(String(p.file_id));
    if (!file) { fail(res, 400, 'Bad Request: invalid file_id'); return; }
    ok(res, { file_id: file.file_id, file_unique_id: file.file_unique_id,
      file_size: file.file_size, file_path: file.file_path });
  });
  router.get('/file/bot:token/*', (req, res) => {
    const path = req.params[0];
    const file = [...api.files.values()].find((f) => f.file_path === path);
    if (!file) { res.status(404).end(); return; }
    res.set('content-type', 'application/octet-stream').send(file.data);
  });
  return router;
}

function clientRoutes(api) {
  const router = express.Router();
  router.post('/client/update', (req, res) => {
    const { token, update } = req.body;
    ok(res, api.enqueue(token, update));
  });
  router.post('/client/file', (req, res) => {
    const { file_name: name, mime_type: mime, data_base64: data } = req.body;
    const file = api.addFile(name, mime || 'application/octet-stream',
      Buffer.from(data || '', 'base64'));
    ok(res, { file_id: file.file_id, file_unique_id: file.file_unique_id,
      file_size: file.file_size, file_name: file.file_name, mime_type: file.mime_type });
  });
  router.get('/client/messages', (req, res) => {
    const { token, chat_id: chatId } = req.query;
    ok(res, api.sent.filter((m) => m.token === token
      && (chatId === undefined || String(m.chat_id) === String(chatId))));
  });
  router.get('/client/next', async (req, res) => {
    const { token, chat_id: chatId } = req.query;
    ok(res, await api.nextSent(token, chatId, Number(req.query.after) || 0,
      Math.min(Math.max(Number(req.query.timeout) || 0, 0), 60)));
  });
  router.get('/client/inline', (req, res) => ok(res, api.inlineAnswers.get(String(req.query.id))
    || null));
  router.get('/client/callback', (req, res) => ok(res,
    api.callbackAnswers.get(String(req.query.id)) || null));
  router.get('/client/commands', (req, res) => ok(res, api.bot(req.query.token).commands));
  router.get('/client/webhook-errors', (_req, res) => ok(res, api.webhookErrors));
  router.post('/client/latency', (req, res) => {
    api.editLatencyMs = Math.max(Number(req.body.max_ms) || 0, 0);
    api.sendHoldMs = Math.max(Number(req.body.send_ms) || 0, 0);
    ok(res, api.editLatencyMs);
  });
  router.post('/client/reset', (_req, res) => { api.reset(); ok(res, true); });
  router.post('/client/send-gate', (req, res) => {
    if (req.body.open === false && !api.sendGate) {
      let open;
      const promise = new Promise((resolve) => { open = resolve; });
      api.sendGate = { promise, open };
    } else if (req.body.open !== false && api.sendGate) {
      api.sendGate.open();
      api.sendGate = null;
    }
    ok(res, { open: !api.sendGate, held: api.heldSends });
  });
  router.get('/client/send-gate', (_req, res) => ok(res,
    { open: !api.sendGate, held: api.heldSends }));
  router.post('/client/block', (req, res) => {
    const chatId = String(req.body.chat_id);
    if (req.body.blocked === false) api.blocked.delete(chatId); else api.blocked.add(chatId);
    ok(res, [...api.blocked]);
  });
  router.post('/client/chat-admins', (req, res) => {
    api.chatAdmins.set(String(req.body.chat_id), new Set((req.body.user_ids || []).map(Number)));
    ok(res, true);
  });
  return router;
}

async function main() {
  const argv = process.argv.slice(2);
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT || 0);
  const server = new TelegramServer({ port: port || 9000, host: '127.0.0.1' });
  const api = new BotApi();
  const app = server.webServer;
  const ours = express.Router();
  ours.use(express.json({ limit: '30mb' }));
  ours.use(express.urlencoded({ extended: true, limit: '30mb' }));
  ours.use(clientRoutes(api));
  ours.use(botRoutes(api));
  app.use(ours);
  // Put our routes (with their own body limits) before telegram-test-api's body parsers and
  // routes, which stay as the fallback.
  const stack = app._router.stack;
  const layer = stack.pop();
  const first = stack.findIndex((l) => l.route || l.name === 'jsonParser');
  stack.splice(first >= 0 ? first : stack.length, 0, layer);
  if (port === 0) {
    // telegram-test-api always listens on config.port; ask the OS for a free one ourselves
    const probe = require('http').createServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    server.config.port = probe.address().port;
    await new Promise((resolve) => probe.close(resolve));
  }
  await server.start();
  // Idle keep-alive connections outlive the clients' (httpx closes its own after 5 s), so a
  // client never sends on a connection the server is closing at that moment (a ReadError).
  server.server.keepAliveTimeout = 60000;
  server.server.headersTimeout = 61000;
  process.stdout.write(`READY ${server.config.port}\n`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => { console.error(error); process.exit(1); });
