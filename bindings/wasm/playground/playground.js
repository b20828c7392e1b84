// The playground: every keystroke rebuilds the input document from the editors and asks the
// WebAssembly core for the envelope; nothing here judges anything.
import { init, checkJson, segments } from './smsrules/js/web.js'

const $ = (id) => document.getElementById(id)
const editors = { request: $('request'), context: $('context'), options: $('options') }
const keyInput = $('idempotency-key')

editors.request.value = JSON.stringify(
  {
    user_number: '+14155552671',
    agent_number: '+14155550000',
    agent_message: 'Hi Dana, your table for 4 is confirmed for 7:30pm tonight. Reply C to cancel.',
    time_out: 600,
    warning_time: 300,
    webhook: 'https://hooks.example.com/sms',
  },
  null,
  2,
)
editors.context.value = JSON.stringify(
  {
    now: '2026-12-07T12:00:00Z',
    account: { numbers: ['+14155550000'] },
    number: { phone_number: '+14155550000', sms_config: { time_out: 3600, objective: 'Confirm bookings', pathway_id: 'pw_bookings' } },
    conversation: null,
  },
  null,
  2,
)
editors.options.value = '{ "unknown_fields": "warn" }'

/** Where a JSON Pointer's last key or index sits in the editor's text, as [start, end), or null. */
function locate(text, pointer) {
  const keys = pointer.split('/').slice(1).map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'))
  let from = 0
  let found = null
  for (const key of keys) {
    if (/^\d+$/.test(key)) continue
    const at = text.indexOf(JSON.stringify(key), from)
    if (at < 0) return found
    found = [at, at + JSON.stringify(key).length]
    from = found[1]
  }
  return found
}

function show(value) {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function renderIssues(envelope) {
  const list = $('issues')
  list.replaceChildren()
  const issues = [...(envelope.errors ?? []).map((i) => [i, 'error']), ...envelope.warnings.map((i) => [i, 'warning'])]
  for (const [issue, kind] of issues) {
    const item = document.createElement('li')
    item.className = kind
    item.dataset.code = issue.error
    item.dataset.path = issue.path
    const code = document.createElement('code')
    code.textContent = issue.error
    const where = document.createElement('span')
    where.className = 'where'
    where.textContent = ` ${issue.in} ${issue.path || '(whole part)'} — `
    item.append(code, where, document.createTextNode(issue.message))
    const editor = { body: editors.request, context: editors.context, options: editors.options }[issue.in]
    if (editor) {
      item.title = 'select this field in the editor'
      item.addEventListener('click', () => {
        const span = locate(editor.value, issue.path)
        editor.focus()
        if (span) editor.setSelectionRange(span[0], span[1])
      })
    }
    list.append(item)
  }
}

function renderPlan(plan) {
  const body = $('plan').tBodies[0]
  body.replaceChildren()
  $('plan').hidden = !plan
  $('plan-note').textContent = plan ? 'each value with the layer that supplied it' : 'no plan: the request is invalid'
  if (!plan) return
  for (const [field, entry] of Object.entries(plan)) {
    const row = document.createElement('tr')
    row.dataset.field = field
    const name = document.createElement('td')
    name.textContent = field
    const value = document.createElement('td')
    const layer = document.createElement('td')
    layer.className = 'layer'
    const resolved = entry !== null && typeof entry === 'object' && 'source' in entry && 'value' in entry
    const code = document.createElement('code')
    code.textContent = entry === null ? '—' : show(resolved ? entry.value : entry)
    value.append(code)
    if (resolved) {
      const tag = document.createElement('span')
      tag.textContent = entry.source
      layer.append(tag)
    }
    row.append(name, value, layer)
    body.append(row)
  }
}

function renderCounter() {
  const counter = $('segment-counter')
  let message
  try {
    message = JSON.parse(editors.request.value).agent_message
  } catch {
    message = undefined
  }
  if (typeof message !== 'string') {
    counter.textContent = 'no agent_message'
    return
  }
  const s = segments(message)
  counter.dataset.segments = String(s.segments)
  counter.dataset.encoding = s.encoding
  counter.innerHTML = ''
  const strong = document.createElement('strong')
  strong.textContent = `${s.segments} segment${s.segments === 1 ? '' : 's'}, ${s.encoding}`
  counter.append(strong, document.createTextNode(` · ${s.units} ${s.encoding === 'GSM-7' ? 'septets' : 'UTF-16 units'}`))
  if (s.ucs2_chars.length) counter.append(document.createTextNode(` · UCS-2 because of ${s.ucs2_chars.join(' ')}`))
}

function documentText() {
  const parts = [`"request_text":${JSON.stringify(editors.request.value)}`]
  for (const name of ['context', 'options']) {
    const text = editors[name].value.trim()
    editors[name].classList.remove('bad')
    if (text === '') continue
    try {
      JSON.parse(text)
    } catch {
      editors[name].classList.add('bad')
      continue
    }
    parts.push(`"${name}":${text}`)
  }
  if (keyInput.value !== '') parts.push(`"headers":{"idempotency-key":${JSON.stringify(keyInput.value)}}`)
  return `{${parts.join(',')}}`
}

function update() {
  const text = checkJson(documentText())
  const envelope = JSON.parse(text)
  const verdict = $('verdict')
  const valid = envelope.errors === null
  verdict.className = valid ? 'valid' : 'invalid'
  verdict.textContent = valid
    ? `valid${envelope.warnings.length ? `, ${envelope.warnings.length} warning(s)` : ''}`
    : `invalid: ${envelope.errors.length} error(s)`
  $('envelope').textContent = JSON.stringify(envelope, null, 2)
  renderIssues(envelope)
  renderPlan(envelope.data)
  renderCounter()
}

await init()
$('status').textContent = 'ready: the envelope below is computed in this page'
$('status').dataset.ready = 'true'
for (const element of [...Object.values(editors), keyInput]) element.addEventListener('input', update)
update()
