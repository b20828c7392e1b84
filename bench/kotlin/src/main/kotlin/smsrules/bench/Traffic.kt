// smsrules through its Kotlin bindings (uniffi, JNA) against what a JVM server would do
// instead, on the traffic corpus: every request with its own context (bench/corpus/traffic.py).
//
//   bash bench/kotlin/run.sh [--rounds N] [--limit N] [--out FILE.md]
//
// run.sh builds the release library, generates the Kotlin, compiles this and runs it as
//   java -Djna.library.path=<release dir> -cp … smsrules.bench.TrafficKt --corpus FILE [options]
//
// Each row runs over the whole corpus once per round; rounds are interleaved (every row once
// per round, the order rotated per round) after warm-up rounds for the JIT, and each row's
// time is the median µs per document over the rounds. Every row sums something of its
// results, printed to stderr at the end, so the JIT cannot drop the work.
package smsrules.bench

import com.fasterxml.jackson.core.JsonFactory
import com.fasterxml.jackson.core.JsonToken
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.google.i18n.phonenumbers.NumberParseException
import com.google.i18n.phonenumbers.PhoneNumberUtil
import com.networknt.schema.Schema
import com.networknt.schema.SchemaRegistry
import com.networknt.schema.SpecificationVersion
import smsrules.Options
import smsrules.check
import smsrules.checkJson
import smsrules.jsonSchema
import smsrules.phoneMetadataVersion
import java.io.File
import java.util.Properties
import kotlin.system.exitProcess

/** One line of the corpus: the whole line, and its request and context exactly as written there. */
class Doc(
    /** The whole document, `{"request": …, "context": …, "headers": …}`. */
    val line: String,
    /** The request's text, cut out of the line unchanged. */
    val request: String,
    /** The context's text, cut out of the line unchanged; `null` when the line has none. */
    val context: String?,
    /** `headers["idempotency-key"]`, the one header a document carries. */
    val key: String?,
) {
    /** `{"request": …}`: the request alone as a document, made before timing. */
    val requestOnly: String = "{\"request\":$request}"
}

class Args(
    val rounds: Int,
    val warmup: Int,
    val limit: Int,
    val corpus: File,
    /** The context's JSON Schema the peers validate with (bench/corpus/context.schema.json). */
    val contextSchema: File,
    val out: File?,
)

fun parseArgs(argv: Array<String>): Args {
    var rounds = 9
    var warmup = 2
    var limit = Int.MAX_VALUE
    var corpus: File? = null
    var contextSchema: File? = null
    var out: File? = null
    var i = 0
    fun value(): String = argv.getOrNull(++i) ?: usage("${argv[i - 1]} needs a value")
    while (i < argv.size) {
        when (argv[i]) {
            "--rounds" -> rounds = value().toIntOrNull()?.takeIf { it >= 1 } ?: usage("--rounds takes a number ≥ 1")
            "--warmup" -> warmup = value().toIntOrNull()?.takeIf { it >= 2 } ?: usage("--warmup takes a number ≥ 2")
            "--limit" -> limit = value().toIntOrNull()?.takeIf { it >= 1 } ?: usage("--limit takes a number ≥ 1")
            "--corpus" -> corpus = File(value())
            "--context-schema" -> contextSchema = File(value())
            "--out" -> out = File(value())
            else -> usage("unknown argument ${argv[i]}")
        }
        i++
    }
    return Args(
        rounds,
        warmup,
        limit,
        corpus ?: usage("--corpus FILE is required"),
        contextSchema ?: usage("--context-schema FILE is required"),
        out,
    )
}

fun usage(message: String): Nothing {
    System.err.println("$message\nusage: run.sh [--rounds N] [--warmup N] [--limit N] [--out FILE.md]")
    exitProcess(2)
}

/**
 * Cut the request and the context out of [line] as written (no reformatting), and read the
 * idempotency key. Checked against Jackson's tree of the line by [load].
 */
fun split(factory: JsonFactory, line: String): Doc {
    var request: String? = null
    var context: String? = null
    var key: String? = null
    factory.createParser(line).use { p ->
        require(p.nextToken() == JsonToken.START_OBJECT) { "a document is not a JSON object" }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            val name = p.currentName()
            val token = p.nextToken()
            when (name) {
                "request", "context" -> {
                    val start = p.currentTokenLocation().charOffset.toInt()
                    p.skipChildren()
                    p.finishToken()
                    val text = line.substring(start, p.currentLocation().charOffset.toInt())
                    if (name == "request") request = text else context = text
                }
                "headers" -> if (token == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        val header = p.currentName()
                        if (p.nextToken() == JsonToken.VALUE_STRING && header.equals("idempotency-key", ignoreCase = true)) {
                            key = p.text
                        } else {
                            p.skipChildren()
                        }
                    }
                }
                else -> p.skipChildren()
            }
        }
    }
    return Doc(line, request ?: error("a document has no request"), context, key)
}

fun load(args: Args, mapper: ObjectMapper): Array<Doc> {
    if (!args.corpus.isFile) {
        System.err.println("No corpus at ${args.corpus}. Generate it first: python3 bench/corpus/traffic.py")
        exitProcess(2)
    }
    val factory = mapper.factory
    val docs = args.corpus.bufferedReader(Charsets.UTF_8).useLines { lines ->
        lines.filter { it.isNotBlank() }.take(args.limit).map { split(factory, it) }.toList()
    }
    // The cut texts are the line's request and context: the same JSON as Jackson reads there.
    for (doc in docs) {
        val tree = mapper.readTree(doc.line)
        check(mapper.readTree(doc.request) == tree.get("request")) { "request cut wrongly: ${doc.request.take(80)}" }
        check(doc.context == null || mapper.readTree(doc.context) == tree.get("context")) { "context cut wrongly" }
    }
    return docs.toTypedArray()
}

/**
 * What a JVM server would do instead of smsrules, the same work as the Node peer
 * (`ajvTrafficCachedPhones` of bench/node/peers/ajv.mjs): Jackson parses the document;
 * networknt's json-schema-validator (draft 2020-12, every error collected) validates the
 * request against smsrules' JSON Schema (`jsonSchema()`), then the context against
 * bench/corpus/context.schema.json, the Node peer's; libphonenumber checks the context's
 * numbers (`number.phone_number`, every `account.numbers` entry); then the rules a schema
 * cannot say (Rules.kt, rules.mjs ported): the request's two numbers with libphonenumber, the
 * cross-field rules, the webhook screen and the rules that need the context. Each distinct
 * number is parsed once (a HashMap from the text to its validity, kept for the whole run as a
 * server would keep it). The first stage that fails decides, as in the Node peer. No plan.
 */
class Peer(requestSchemaText: String, contextSchemaText: String, private val mapper: ObjectMapper) {
    private val registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
    private val requestSchema: Schema = registry.getSchema(requestSchemaText)
    private val contextSchema: Schema = registry.getSchema(contextSchemaText)
    private val phones: PhoneNumberUtil = PhoneNumberUtil.getInstance()
    private val cache = HashMap<String, Boolean>()
    private val e164 = Regex("""\+[1-9][0-9]{1,14}""")

    /** Schemas only: the request passes its schema, and the context (when there is one) its own. */
    fun schemas(line: String): Boolean {
        val document = mapper.readTree(line)
        return schemasPass(document.get("request") ?: return false, document.get("context"))
    }

    /** True when both schemas pass, every number is valid and no other rule finds an error. */
    fun judge(line: String): Boolean {
        val document = mapper.readTree(line)
        val request = document.get("request") ?: return false
        val context = document.get("context")
        if (!schemasPass(request, context)) return false
        if (context != null && !context.isNull) {
            // Strings here: the context's schema passed.
            context.get("number")?.get("phone_number")?.let { if (!valid(it.textValue())) return false }
            context.get("account")?.get("numbers")?.forEach { if (!valid(it.textValue())) return false }
        }
        return crossFieldIssues(request, context, mapper, ::valid).errors.isEmpty()
    }

    private fun schemasPass(request: JsonNode, context: JsonNode?): Boolean =
        requestSchema.validate(request).isEmpty() &&
            (context == null || context.isNull || contextSchema.validate(context).isEmpty())

    private fun valid(text: String): Boolean = cache.getOrPut(text) {
        e164.matches(text) &&
            try {
                phones.isValidNumber(phones.parse(text, "ZZ"))
            } catch (_: NumberParseException) {
                false
            }
    }
}

class Row(val name: String, val pass: (Array<Doc>) -> Long)

const val CHECK_JSON_DOCUMENT = "smsrules checkJson(document text)"
const val CHECK_JSON_REQUEST = "smsrules checkJson({\"request\": …})"
const val CHECK_WITH_CONTEXT = "smsrules check(request, context), plan read"
const val CHECK_ALONE = "smsrules check(request), plan read"
const val CALL_FLOOR = "smsrules phoneMetadataVersion() (a call doing nothing)"
const val CHECK_JSON_FLOOR = "smsrules checkJson(\"{}\") (checkJson doing almost nothing)"
const val PEER = "Jackson + json-schema-validator + libphonenumber (cached) + rules"
const val PEER_SCHEMAS = "Jackson + json-schema-validator, request + context schemas only"
const val JACKSON = "Jackson parse only (floor)"

/** The outcome consumed: the plan's length (the plan is built for the call), issues counted. */
fun consume(outcome: smsrules.Outcome): Long =
    (outcome.planJson?.length ?: 0).toLong() + outcome.errors.size + outcome.warnings.size

fun rows(peer: Peer, mapper: ObjectMapper): List<Row> = listOf(
    Row(CHECK_JSON_DOCUMENT) { docs ->
        var sink = 0L
        for (doc in docs) sink += checkJson(doc.line).length
        sink
    },
    Row(CHECK_JSON_REQUEST) { docs ->
        var sink = 0L
        for (doc in docs) sink += checkJson(doc.requestOnly).length
        sink
    },
    Row(CHECK_WITH_CONTEXT) { docs ->
        var sink = 0L
        for (doc in docs) sink += consume(check(doc.request, doc.context, Options(idempotencyKey = doc.key)))
        sink
    },
    Row(CHECK_ALONE) { docs ->
        var sink = 0L
        for (doc in docs) sink += consume(check(doc.request, null, Options(idempotencyKey = doc.key)))
        sink
    },
    Row(CALL_FLOOR) { docs ->
        var sink = 0L
        repeat(docs.size) { sink += phoneMetadataVersion().length }
        sink
    },
    Row(CHECK_JSON_FLOOR) { docs ->
        var sink = 0L
        repeat(docs.size) { sink += checkJson("{}").length }
        sink
    },
    Row(PEER) { docs ->
        var sink = 0L
        for (doc in docs) if (peer.judge(doc.line)) sink++
        sink
    },
    Row(PEER_SCHEMAS) { docs ->
        var sink = 0L
        for (doc in docs) if (peer.schemas(doc.line)) sink++
        sink
    },
    Row(JACKSON) { docs ->
        var sink = 0L
        for (doc in docs) sink += mapper.readTree(doc.line).size()
        sink
    },
)

fun median(values: List<Double>): Double {
    val sorted = values.sorted()
    val mid = sorted.size / 2
    return if (sorted.size % 2 == 1) sorted[mid] else (sorted[mid - 1] + sorted[mid]) / 2
}

fun versions(): Properties = Properties().apply {
    Doc::class.java.getResourceAsStream("/bench-versions.properties")?.use { load(it) }
}

fun main(argv: Array<String>) {
    val args = parseArgs(argv)
    val mapper = ObjectMapper()
    val docs = load(args, mapper)
    val count = docs.size
    if (!args.contextSchema.isFile) {
        System.err.println("No context schema at ${args.contextSchema} (bench/corpus/context.schema.json).")
        exitProcess(2)
    }
    val peer = Peer(jsonSchema(), args.contextSchema.readText(Charsets.UTF_8), mapper)
    val rows = rows(peer, mapper)

    val samples = rows.associate { it.name to ArrayList<Double>() }
    val checksums = rows.associate { it.name to LongArray(1) }
    System.err.println(
        "traffic corpus: $count documents; ${args.rounds} rounds (+${args.warmup} warm-up), interleaved, ${rows.size} rows",
    )
    for (round in 0 until args.warmup + args.rounds) {
        for (k in rows.indices) {
            val row = rows[(k + round) % rows.size]
            System.gc() // the garbage of the row before is not this row's
            val start = System.nanoTime()
            val sink = row.pass(docs)
            val micros = (System.nanoTime() - start) / 1000.0 / count
            checksums.getValue(row.name)[0] += sink
            if (round >= args.warmup) samples.getValue(row.name).add(micros)
        }
        System.err.print(".")
    }
    System.err.println()
    for (row in rows) System.err.println("checksum ${row.name}: ${checksums.getValue(row.name)[0]}")

    // Untimed: how many documents each side finds valid, and whether they agree.
    var valid = 0
    var sameAsDocument = 0
    var sameAsPeer = 0
    for (doc in docs) {
        val ok = check(doc.request, doc.context, Options(idempotencyKey = doc.key)).ok
        if (ok) valid++
        if (mapper.readTree(checkJson(doc.line)).get("data").let { it != null && !it.isNull } == ok) sameAsDocument++
        if (peer.judge(doc.line) == ok) sameAsPeer++
    }

    val med = rows.associate { it.name to median(samples.getValue(it.name)) }
    val ours = med.getValue(CHECK_WITH_CONTEXT)
    val alone = med.getValue(CHECK_ALONE)
    val document = med.getValue(CHECK_JSON_DOCUMENT)
    val peerTime = med.getValue(PEER)
    val v = versions()
    val jvm = "${System.getProperty("java.vm.name")} ${System.getProperty("java.runtime.version")}"
    fun f(x: Double) = String.format("%.2f", x)
    fun pct(n: Int) = String.format("%.1f", n * 100.0 / count)
    fun verdict(ok: Boolean) = if (ok) "met" else "not met"

    val lines = mutableListOf(
        "## Kotlin (JVM) on the traffic corpus (a context per request)",
        "",
        "$count documents ($valid valid by smsrules), each request with its own context; median of ${args.rounds} " +
            "interleaved rounds after ${args.warmup} warm-up rounds; $jvm. Versions: Kotlin ${v["kotlin"]}, " +
            "JNA ${v["jna"]}, Jackson ${v["jackson"]}, json-schema-validator ${v["json-schema-validator"]}, " +
            "libphonenumber ${v["libphonenumber"]}.",
        "",
        "| row | µs / document | min µs | × check(request, context) |",
        "|---|---:|---:|---:|",
    )
    for (row in rows) {
        val m = med.getValue(row.name)
        lines += "| ${row.name} | ${f(m)} | ${f(samples.getValue(row.name).min())} | ${f(m / ours)} |"
    }
    lines += listOf(
        "",
        "- Goal Kotlin `check(request, context)` ≤ 2.0 × `check(request)`: ${f(ours / alone)} × (${verdict(ours <= 2 * alone)}).",
        "- `check(request, context)` against the peer (Jackson + json-schema-validator + libphonenumber, cached, " +
            "+ rules): " +
            "${f(ours / peerTime)} × its time (the peer takes ${f(peerTime / ours)} × as long).",
        "- `checkJson(document text)` against the peer: ${f(document / peerTime)} × its time " +
            "(the peer takes ${f(peerTime / document)} × as long).",
        "- Verdicts: `check(request, context)` and `checkJson(document text)` agree on ${pct(sameAsDocument)} % of " +
            "documents; the peer agrees with smsrules on ${pct(sameAsPeer)} % (both schemas, phone validity and " +
            "the rules of bench/node/peers/rules.mjs, as the Node peer; no plan).",
    )
    val report = lines.joinToString("\n") + "\n"
    print(report)
    args.out?.let {
        it.absoluteFile.parentFile?.mkdirs()
        it.writeText(report, Charsets.UTF_8)
    }
}
