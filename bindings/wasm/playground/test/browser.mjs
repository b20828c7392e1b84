// Loads the playground in headless Chromium, types a request into the editor as a person
// would, and reads the verdict, the issues, the plan's layers and the segment counter from
// the page; saves a screenshot. Exits non-zero on any mismatch or page error.
//   node browser.mjs URL SCREENSHOT.png
import assert from 'node:assert/strict'
import puppeteer from 'puppeteer-core'

const [url, screenshot] = process.argv.slice(2)
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
})
const problems = []
try {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 1100 })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`))
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`))
  await page.goto(url, { waitUntil: 'load' })
  await page.waitForSelector('#status[data-ready="true"]', { timeout: 30000 })

  // The bundled example is valid: the plan shows where each value came from.
  assert.match(await page.$eval('#verdict', (e) => e.textContent), /^valid/)
  assert.equal(await page.$eval('tr[data-field="time_out"] td.layer', (e) => e.textContent), 'request')
  assert.equal(await page.$eval('tr[data-field="pathway_id"] td.layer', (e) => e.textContent), 'number')
  if (screenshot) await page.screenshot({ path: screenshot.replace(/\.png$/, '-valid.png'), fullPage: true })

  // Type a new request: a message with an emoji (UCS-2), a metadata webhook and a bad timeout.
  await page.click('#request', { clickCount: 3 })
  await page.keyboard.down('Control')
  await page.keyboard.press('A')
  await page.keyboard.up('Control')
  await page.keyboard.press('Backspace')
  await page.type(
    '#request',
    '{"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Your order is on its way 🚚", "webhook": "https://169.254.169.254/latest", "time_out": 600, "warning_time": 900}',
  )
  await page.waitForFunction(() => document.querySelector('#verdict').textContent.startsWith('invalid'))
  const codes = await page.$$eval('#issues li', (items) => items.map((i) => `${i.dataset.code} ${i.dataset.path}`))
  assert.deepEqual(codes, ['INVALID_TIMEOUT_CONFIG /warning_time', 'UNSAFE_WEBHOOK /webhook'])
  const counter = await page.$eval('#segment-counter', (e) => ({ segments: e.dataset.segments, encoding: e.dataset.encoding, text: e.textContent }))
  assert.deepEqual([counter.segments, counter.encoding], ['1', 'UCS-2'], counter.text)
  assert.match(counter.text, /🚚/)

  // Clicking an issue selects its field in the editor.
  await page.click('#issues li[data-code="UNSAFE_WEBHOOK"]')
  const selected = await page.$eval('#request', (e) => e.value.slice(e.selectionStart, e.selectionEnd))
  assert.equal(selected, '"webhook"')

  // The envelope in the page is the core's: the same text as `checkJson` in Node gives.
  const shown = JSON.parse(await page.$eval('#envelope', (e) => e.textContent))
  assert.equal(shown.data, null)
  assert.equal(await page.$eval('#plan-note', (e) => e.textContent), 'no plan: the request is invalid')
  assert.equal(shown.errors[1].params.reason, 'PRIVATE_IP')
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true })
  assert.deepEqual(problems, [])
  console.log('playground: 1 passed, 0 failed')
} finally {
  await browser.close()
}
