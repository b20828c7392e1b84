package smsrules

import org.json.JSONObject
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The Kotlin example of README.md, statement for statement, with its claims asserted. */
class ReadmeExampleTest {
    @Test
    fun `the README example runs as it says`() {
        val body = """{"user_number": "+14155552671", "agent_number": "+14155550000",
               "agent_message": "Your order has shipped!", "timeout": 600}"""
        val outcome = check(body, contextJson = null, options = Options(idempotencyKey = "order-42"))
        assertTrue(outcome.ok)
        val plan = JSONObject(outcome.planJson!!)
        assertEquals(1, plan.getJSONObject("message").getInt("segments"))
        val warning = outcome.warnings.single()
        assertEquals(IssueCode.UNKNOWN_FIELD, warning.error)
        assertEquals("/timeout", warning.path)
        assertEquals("time_out", JSONObject(warning.paramsJson).optString("suggestion"))

        val bad = check("""{"user_number": "+1415", "agent_number": "+14155550000"}""", null, Options())
        val issue = bad.errors.single()
        assertEquals("INVALID_PHONE_NUMBER body /user_number", "${issue.error} ${issue.location.wireName()} ${issue.path}")
        assertEquals("TOO_SHORT", JSONObject(issue.paramsJson).getString("reason"))

        val context = """{"account": {"numbers": ["+14155550000"]}, "conversation": null}"""
        val lenient = check(
            """{"user_number": "(415) 555-2671", "agent_number": "+14155550000", "agent_message": "Hi"}""",
            context,
            Options(phoneInput = PhoneInput.LENIENT, defaultRegion = "US"),
        )
        assertTrue(lenient.ok, lenient.toString())
        assertEquals(listOf(IssueCode.PHONE_NORMALIZED), lenient.warnings.map { it.error })

        val accountJson = """{"account": {"numbers": ["+14155550000", "+14155550001"]}}"""
        val account = Context(accountJson)
        assertTrue(account.ok())
        assertEquals(emptyList(), account.errors())
        val same = account.check(body, Options(idempotencyKey = "order-42"))
        assertEquals(check(body, accountJson, Options(idempotencyKey = "order-42")), same)
        assertTrue(same.ok)
        account.close()

        assertEquals(Segments(SmsEncoding.UCS2, 5u, 1u, listOf("👋")), segments("Hi 👋"))

        val e = assertFailsWith<SmsRulesException.InvalidArgument> { check(body, "{not json", Options()) }
        assertEquals("contextJson", e.argument)
        assertTrue(e.reason.startsWith("is not JSON: ") && e.reason.endsWith("at line 1, column 2"), e.reason)
    }
}
