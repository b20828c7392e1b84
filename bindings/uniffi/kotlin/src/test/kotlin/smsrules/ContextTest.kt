package smsrules

import java.util.concurrent.Callable
import java.util.concurrent.Executors
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNotEquals
import kotlin.test.assertTrue

/** A `Context` parsed and judged once, and its `check`: the same answers as `check` with its text. */
class ContextTest {
    private val account = """{"account": {"numbers": ["+14155550000", "+14155550001"]}, "conversation": null}"""

    private fun request(i: Int): String = when (i % 4) {
        0 -> """{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi $i"}"""
        1 -> """{"user_number":"+14155552671","agent_number":"+14155559999","agent_message":"Hi"}"""
        2 -> """{"user_number":"+1415","agent_number":"+14155550001","colour":"red"}"""
        else -> """{"user_number":"+14155552671","""
    }

    private fun places(issues: List<Issue>) = issues.map { Triple(it.location, it.path, it.error) }

    @Test
    fun `a well formed context is ok and answers as its text`() {
        Context(account).use { context ->
            assertTrue(context.ok())
            assertEquals(emptyList(), context.errors())
            for (i in 0 until 8) {
                val options = Options(maxIssues = if (i % 2 == 0) null else 1u, idempotencyKey = "k-$i")
                assertEquals(check(request(i), account, options), context.check(request(i), options), "request $i")
            }
            // The account's numbers are really used: an agent number outside them is an error.
            val outside = context.check(request(1), Options())
            assertEquals(listOf(Triple(IssueLocation.BODY, "/agent_number", IssueCode.AGENT_NUMBER_NOT_FOUND)), places(outside.errors))
        }
    }

    @Test
    fun `a malformed context has errors, and every check reports them`() {
        val text = """{"now": 7, "account": {"numbers": "+14155550000"}, "persona": {"id": "\ud800"}}"""
        val context = Context(text)
        assertFalse(context.ok())
        assertEquals(
            listOf("/account/numbers", "/now", "/persona/id").map { Triple(IssueLocation.CONTEXT, it, IssueCode.INVALID_CONTEXT) },
            places(context.errors()),
        )
        val outcome = context.check(request(0), Options())
        assertFalse(outcome.ok)
        assertEquals(context.errors(), outcome.errors)
        assertEquals(check(request(0), text, Options()), outcome)
        // Capped like any other errors: one, then TOO_MANY_ISSUES.
        val capped = context.check(request(0), Options(maxIssues = 1u))
        assertEquals(listOf(IssueCode.INVALID_CONTEXT, IssueCode.TOO_MANY_ISSUES), capped.errors.map { it.error })
        assertEquals(check(request(0), text, Options(maxIssues = 1u)), capped)
        context.close()
    }

    @Test
    fun `a context that is not JSON throws as check does`() {
        for (bad in listOf("{", """{"number": +14155550000}""", "", "nope")) {
            val thrown = assertFailsWith<SmsRulesException.InvalidArgument> { Context(bad) }
            val fromCheck = assertFailsWith<SmsRulesException.InvalidArgument> { check(request(0), bad, Options()) }
            assertEquals("contextJson", thrown.argument)
            assertEquals(fromCheck.reason, thrown.reason)
            assertFalse(thrown.message.orEmpty().contains("4155550000"), "the message must not quote the input")
        }
    }

    @Test
    fun `JSON that is not an object, null and a lone surrogate`() {
        Context("[1]").use { assertEquals(listOf(Triple(IssueLocation.CONTEXT, "", IssueCode.INVALID_CONTEXT)), places(it.errors())) }
        Context("\"\\ud800\"").use { assertEquals(listOf(Triple(IssueLocation.CONTEXT, "", IssueCode.INVALID_CONTEXT)), places(it.errors())) }
        Context("null").use { context ->
            assertTrue(context.ok())
            assertEquals("null", context.contextJson())
            assertEquals(check(request(0), null, Options()), context.check(request(0), Options()))
        }
    }

    @Test
    fun `contextJson gives the value as judged, as compact JSON`() {
        Context("""{ "now": "2026-11-27T12:00:00Z", "now": "2026-11-28T12:00:00Z", "x": "\ud800" }""").use {
            assertEquals("""{"now":"2026-11-28T12:00:00Z","x":null}""", it.contextJson())
        }
        Context(account).use { context ->
            val again = Context(context.contextJson())
            assertEquals(context.check(request(1), Options()), again.check(request(1), Options()))
            again.close()
        }
    }

    @Test
    fun `toString shows no value`() {
        Context(account).use { context ->
            val shown = context.toString()
            assertFalse(shown.contains("4155550000"), shown)
            assertNotEquals(account, shown)
        }
    }

    @Test
    fun `one context shared by many threads gives the serial answers`() {
        val requests = (0 until 200).map { request(it) }
        val options = Options(maxIssues = 5u)
        Context(account).use { context ->
            val serial = requests.map { check(it, account, options) }
            val pool = Executors.newFixedThreadPool(8)
            try {
                val answers = pool.invokeAll(requests.map { r -> Callable { context.check(r, options) } }).map { it.get() }
                assertEquals(serial, answers)
            } finally {
                pool.shutdown()
            }
            // Still usable afterwards.
            assertEquals(serial.first(), context.check(requests.first(), options))
        }
    }

    @Test
    fun `a closed context throws instead of crashing`() {
        val context = Context(account)
        context.close()
        assertTrue(context.uniffiIsDestroyed)
        assertFailsWith<IllegalStateException> { context.check(request(0), Options()) }
        assertFailsWith<IllegalStateException> { context.errors() }
        context.close() // closing twice is harmless
    }

    @Test
    fun `closing while other threads check is safe`() {
        // uniffi keeps the object alive through every method call already under way; calls
        // that start after close() throw IllegalStateException, none crashes or answers wrong.
        val expected = check(request(0), account, Options())
        repeat(20) {
            val context = Context(account)
            val pool = Executors.newFixedThreadPool(4)
            try {
                val calls = (0 until 40).map {
                    pool.submit(Callable { runCatching { context.check(request(0), Options()) } })
                }
                context.close()
                for (call in calls) {
                    val result = call.get()
                    result.onSuccess { assertEquals(expected, it) }
                    result.onFailure { assertTrue(it is IllegalStateException, it.toString()) }
                }
            } finally {
                pool.shutdown()
            }
        }
    }
}
