package smsrules

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** `SendRequest` beside the JSON text: the same answers, and its misuse. */
class RequestRecordTest {
    private val numbers = SendRequest(userNumber = "+14155552671", agentNumber = "+14155550000")

    @Test
    fun `a record answers as its JSON text`() {
        val record = numbers.copy(
            agentMessage = "Your order has shipped!",
            requestDataJson = """{"order": 42}""",
            personaSettings = PersonaSettings(pathwayId = "pw-1", pathwayVersion = 3),
            dispositionIds = listOf("d1", "d1"),
            timeOut = 600.0,
            warningTime = 300.5,
        )
        val text = """{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Your order has shipped!",
            "request_data":{"order":42},"persona_settings":{"pathway_id":"pw-1","pathway_version":3},
            "disposition_ids":["d1","d1"],"time_out":600,"warning_time":300.5}"""
        val options = Options(idempotencyKey = "order-42")
        val fromRecord = checkRequest(record, null, options)
        assertEquals(check(text, null, options), fromRecord)
        assertTrue(fromRecord.warnings.any { it.error == IssueCode.PERSONA_SETTINGS_WITHOUT_PERSONA }, fromRecord.toString())
        assertEquals(listOf("/user_number" to IssueCode.MISSING_FIELD),
            checkRequest(SendRequest(agentNumber = "+14155550000"), null, Options()).errors.map { it.path to it.error })
    }

    @Test
    fun `a JSON text field that is not JSON throws naming the field`() {
        for ((record, field) in listOf(
            numbers.copy(requestDataJson = """{"order": +14155550000""") to "request.requestDataJson",
            numbers.copy(metadataJson = "{") to "request.metadataJson",
            numbers.copy(contentVariablesJson = "") to "request.contentVariablesJson",
        )) {
            val thrown = assertFailsWith<SmsRulesException.InvalidArgument> { checkRequest(record, null, Options()) }
            assertEquals(field, thrown.argument)
            assertTrue(thrown.reason.startsWith("is not JSON"), thrown.reason)
            assertFalse(thrown.message.orEmpty().contains("4155550000"))
        }
    }

    @Test
    fun `seconds that are no JSON number are issues`() {
        for (value in listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)) {
            val outcome = checkRequest(numbers.copy(timeOut = value), null, Options())
            assertEquals(listOf("/time_out"), outcome.errors.map { it.path })
        }
    }

    @Test
    fun `meanings are the core's`() {
        assertEquals("the effective warning_time is not below the effective time_out", IssueCode.INVALID_TIMEOUT_CONFIG.meaning())
        assertTrue(IssueCode.entries.all { it.meaning().isNotBlank() })
    }
}
