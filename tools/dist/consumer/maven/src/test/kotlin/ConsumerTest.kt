import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

/** Uses smsrules-kotlin as an app depending on the published jar would: no system properties. */
class ConsumerTest {
    @Test
    fun checksARequestWithTheLibraryFromTheJar() {
        val envelope = smsrules.checkJson(
            """{"request":{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi","webhook":"https://169.254.169.254/"}}""",
        )
        assertTrue(envelope.contains("\"UNSAFE_WEBHOOK\""), envelope)
        assertEquals(1L, smsrules.segments("Your table is ready").segments.toLong())
        assertEquals(null, System.getProperty("jna.library.path"))
    }
}
