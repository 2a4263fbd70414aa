// Calls Portagent's /v1 gateway with the official OpenAI client, as a script or an IDE plugin
// would, and prints one JSON line of what it got. Arguments: baseURL apiKey model mode, where mode
// is "models", "complete" or "stream". An API error prints {"error": {status, code, type}}.
import OpenAI from 'openai';

const [baseURL, apiKey, model, mode] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Say hello.' },
];

async function run() {
  if (mode === 'models') {
    const ids = [];
    for await (const m of client.models.list()) {
      ids.push(m.id);
    }
    return { models: ids };
  }
  if (mode === 'complete') {
    const answer = await client.chat.completions.create({ model, messages, max_tokens: 100 });
    return { text: answer.choices[0].message.content, finish: answer.choices[0].finish_reason, usage: answer.usage };
  }
  const stream = await client.chat.completions.create({
    model, messages, stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let chunks = 0;
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.choices.length > 0) {
      text += chunk.choices[0].delta.content ?? '';
      finish = chunk.choices[0].finish_reason ?? finish;
    }
    usage = chunk.usage ?? usage;
  }
  return { text, chunks, finish, usage };
}

try {
  console.log(JSON.stringify(await run()));
} catch (e) {
  if (e instanceof OpenAI.APIError) {
    console.log(JSON.stringify({ error: { status: e.status, code: e.code ?? null, type: e.type ?? null } }));
  } else {
    throw e;
  }
}
