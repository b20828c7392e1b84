package smsrules

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.security.MessageDigest
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** The mobile surface of docs/src/getting-started/index.md beyond the vectors: typed records, segments, fingerprint, errors. */
class ApiTest {
    private val valid = """{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi there"}"""

    private fun places(issues: List<Issue>) = issues.map { Triple(it.location, it.path, it.error) }

    private fun plan(outcome: Outcome): JsonObject =
        Json.parseToJsonElement(assertNotNull(outcome.planJson)).jsonObject

    @Test
    fun `a valid request gives a plan and no errors`() {
        val outcome = check(valid, null, Options())
        assertTrue(outcome.ok)
        assertEquals(emptyList(), outcome.errors)
        assertEquals("+14155552671", plan(outcome).getValue("user_number").jsonPrimitive.content)
    }

    @Test
    fun `a body that is not JSON is an INVALID_JSON issue, not an exception`() {
        val outcome = check("""{"user_number":""", null, Options())
        assertFalse(outcome.ok)
        assertNull(outcome.planJson)
        assertEquals(listOf(Triple(IssueLocation.BODY, "", IssueCode.INVALID_JSON)), places(outcome.errors))
    }

    @Test
    fun `a context that is not JSON throws SmsRulesException and the JVM carries on`() {
        val thrown = assertFailsWith<SmsRulesException.InvalidArgument> {
            check(valid, """{"number": {"phone_number": +14155550000}""", Options())
        }
        assertEquals("contextJson", thrown.argument)
        assertTrue(thrown.reason.contains("line 1"), thrown.reason)
        assertFalse(thrown.message.orEmpty().contains("4155550000"), "the message must not quote the input")
        // The library is still usable after the exception.
        assertTrue(check(valid, null, Options()).ok)
        assertFailsWith<SmsRulesException> { check(valid, "", Options()) }
    }

    @Test
    fun `a context that is JSON but malformed is an INVALID_CONTEXT issue`() {
        val outcome = check(valid, "[1]", Options())
        assertEquals(listOf(Triple(IssueLocation.CONTEXT, "", IssueCode.INVALID_CONTEXT)), places(outcome.errors))
        val deep = "[".repeat(50_000) + "]".repeat(50_000)
        assertFalse(check(valid, """{"now": $deep}""", Options()).ok)
    }

    @Test
    fun `a null context is no context`() {
        assertEquals(check(valid, null, Options()), check(valid, "null", Options()))
    }

    @Test
    fun `options reach the core`() {
        val unknown = """{"user_number":"+14155552671","agent_number":"+14155550000","colour":"red"}"""
        assertEquals(listOf(IssueCode.UNKNOWN_FIELD), check(unknown, null, Options()).warnings.map { it.error })
        val strict = check(unknown, null, Options(unknownFields = UnknownFields.ERROR))
        assertEquals(listOf(Triple(IssueLocation.BODY, "/colour", IssueCode.UNKNOWN_FIELD)), places(strict.errors))
        assertTrue(check(unknown, null, Options(unknownFields = UnknownFields.IGNORE)).warnings.isEmpty())

        val lenient = """{"user_number":"(415) 555-2671","agent_number":"+14155550000"}"""
        assertEquals(IssueCode.INVALID_PHONE_NUMBER, check(lenient, null, Options()).errors.single().error)
        val normalised = check(lenient, null, Options(phoneInput = PhoneInput.LENIENT, defaultRegion = "US"))
        assertTrue(normalised.ok, normalised.toString())
        assertEquals(listOf(IssueCode.PHONE_NORMALIZED), normalised.warnings.map { it.error })
        assertEquals("+14155552671", plan(normalised).getValue("user_number").jsonPrimitive.content)
    }

    @Test
    fun `max issues caps the list with TOO_MANY_ISSUES`() {
        val outcome = check("""{"user_number": 1, "agent_number": 2, "channel": "fax"}""", null, Options(maxIssues = 1u))
        assertEquals(2, outcome.errors.size)
        val last = outcome.errors.last()
        assertEquals(IssueCode.TOO_MANY_ISSUES, last.error)
        assertEquals(IssueLocation.INPUT, last.location)
        assertEquals("2", Json.parseToJsonElement(last.paramsJson).jsonObject.getValue("omitted").toString())
        val invalid = check(valid, null, Options(maxIssues = 0u))
        assertEquals(listOf(IssueCode.INVALID_OPTIONS), invalid.errors.map { it.error } + invalid.warnings.map { it.error })
    }

    @Test
    fun `the idempotency key becomes the header`() {
        val bad = check(valid, null, Options(idempotencyKey = "order 42"))
        assertEquals(listOf(Triple(IssueLocation.HEADER, "/idempotency-key", IssueCode.INVALID_IDEMPOTENCY_KEY)), places(bad.errors))
        val good = check(valid, null, Options(idempotencyKey = "order-42"))
        val idempotency = plan(good).getValue("idempotency").jsonObject
        assertEquals("order-42", idempotency.getValue("key").jsonPrimitive.content)
        assertEquals(fingerprint(valid), idempotency.getValue("fingerprint").jsonPrimitive.content)
    }

    @Test
    fun `params arrive as a JSON object`() {
        val outcome = check("""{"user_number":"+1415","agent_number":"+14155550000"}""", null, Options())
        val issue = outcome.errors.single()
        assertEquals(IssueCode.INVALID_PHONE_NUMBER, issue.error)
        assertEquals("TOO_SHORT", Json.parseToJsonElement(issue.paramsJson).jsonObject.getValue("reason").jsonPrimitive.content)
        val noParams = check("{}", null, Options()).errors.first()
        assertEquals("{}", noParams.paramsJson)
    }

    @Test
    fun `text crosses the FFI unchanged`() {
        val text = "Grüße 👋🏽 \u0000 ok"
        val request = """{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":${Json.encodeToString(kotlinx.serialization.json.JsonPrimitive(text))}}"""
        val outcome = check(request, null, Options())
        assertTrue(outcome.ok, outcome.toString())
        val message = plan(outcome).getValue("message").jsonObject
        assertEquals(text, message.getValue("text").jsonPrimitive.content)
        val big = """{"user_number":"+14155552671","agent_number":"+14155550000","metadata":{"x":"${"a".repeat(1_100_000)}"}}"""
        assertEquals(IssueCode.PAYLOAD_TOO_LARGE, check(big, null, Options()).errors.first().error)
    }

    @Test
    fun `checkJson judges any text and never throws for bad data`() {
        for (doc in listOf("", "not json", "[]", """{"request": {}, "request_text": "{}"}""")) {
            val envelope = Json.parseToJsonElement(checkJson(doc)).jsonObject
            assertTrue(envelope.getValue("errors").toString().contains("INVALID_INPUT"), "$doc -> $envelope")
        }
        // A request that is there but not an object is the body's fault, not the document's.
        val notAnObject = Json.parseToJsonElement(checkJson("""{"request": 1}""")).jsonObject
        assertTrue(notAnObject.getValue("errors").toString().contains("INVALID_TYPE"), notAnObject.toString())
    }

    @Test
    fun `segments counts GSM-7 and UCS-2 as the spec says`() {
        assertEquals(Segments(SmsEncoding.GSM7, 5u, 1u, emptyList()), segments("Hello"))
        assertEquals(Segments(SmsEncoding.GSM7, 2u, 1u, emptyList()), segments("€"))
        assertEquals(Segments(SmsEncoding.GSM7, 161u, 2u, emptyList()), segments("a".repeat(161)))
        assertEquals(Segments(SmsEncoding.UCS2, 5u, 1u, listOf("👋")), segments("Hi 👋"))
        // Distinct grapheme clusters in order of first appearance; é is GSM-7, ✓ is not.
        assertEquals(listOf("👍🏽", "✓"), segments("👍🏽 é ✓ 👍🏽 ✓").ucs2Chars)
        val long = segments("x".repeat(10_000))
        assertEquals(10_000u, long.units)
        assertEquals(66u, long.segments) // 153 septets a segment
    }

    @Test
    fun `fingerprint is the SHA-256 of the RFC 8785 form`() {
        val canonical = """{"a":1,"b":[true,null,"é"]}"""
        val digest = MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray(Charsets.UTF_8))
        val expected = "sha256:" + digest.joinToString("") { "%02x".format(it) }
        assertEquals(expected, fingerprint("""{ "b": [true, null, "\u00e9"], "a": 1.0 }"""))
        val notJson = assertFailsWith<SmsRulesException.InvalidArgument> { fingerprint("{") }
        assertEquals("requestJson", notJson.argument)
        assertFailsWith<SmsRulesException.InvalidArgument> { fingerprint("""{"a":"\ud800"}""") }
    }

    @Test
    fun `the schema and the metadata version are there`() {
        val schema = Json.parseToJsonElement(jsonSchema()).jsonObject
        assertTrue(schema.getValue("properties").jsonObject.containsKey("user_number"), schema.toString().take(300))
        assertTrue(phoneMetadataVersion().isNotBlank())
    }

    @Test
    fun `enum names are the wire spellings`() {
        for (code in IssueCode.entries) assertEquals(code.name, code.wireName())
        assertEquals(listOf("body", "header", "context", "options", "input"), IssueLocation.entries.map { it.wireName() })
    }

    @Test
    fun `calls from many threads give the same answers`() {
        val requests = (0 until 64).map { i ->
            if (i % 2 == 0) valid else """{"user_number":"+1415555${1000 + i}","agent_number":"x$i"}"""
        }
        val expected = requests.map { check(it, null, Options()) }
        val pool = Executors.newFixedThreadPool(8)
        try {
            val answers = pool.invokeAll(requests.map { r -> Callable { check(r, null, Options()) } }).map { it.get() }
            assertEquals(expected, answers)
        } finally {
            pool.shutdown()
        }
    }
}
