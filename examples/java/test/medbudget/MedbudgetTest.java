package medbudget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client over the C interface: the spec examples settled and compared with the spec's
 * expected figures (worked out independently of the engine), records, presets, version, and errors
 * with their code and path. Run with -Dmedbudget.source.dir=the source tree.
 */
class MedbudgetTest {
  static final Path ROOT = Path.of(System.getProperty("medbudget.source.dir", "."));
  static final Path CASES = ROOT.resolve("examples/cases");
  static final Path SMALL = ROOT.resolve("tests/data/claims/small");

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  static List<Path> caseFiles() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".case.json")).sorted().collect(Collectors.toList());
    }
  }

  /** Every field of expected is in got with the same value (got may carry more). */
  static void subset(JsonElement expected, JsonElement got, String path) {
    if (expected.isJsonObject()) {
      assertTrue(got.isJsonObject(), path);
      for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject().entrySet()) {
        assertTrue(got.getAsJsonObject().has(e.getKey()), "missing " + path + "." + e.getKey());
        subset(e.getValue(), got.getAsJsonObject().get(e.getKey()), path + "." + e.getKey());
      }
    } else if (expected.isJsonArray()) {
      JsonArray x = expected.getAsJsonArray();
      assertTrue(got.isJsonArray() && got.getAsJsonArray().size() == x.size(), path);
      for (int i = 0; i < x.size(); ++i) subset(x.get(i), got.getAsJsonArray().get(i), path + "[" + i + "]");
    } else {
      assertEquals(expected, got, path);
    }
  }

  static JsonObject alliance(String statement) {
    return JsonParser.parseString(statement).getAsJsonObject().getAsJsonArray("funds").get(0).getAsJsonObject()
        .getAsJsonArray("alliances").get(0).getAsJsonObject();
  }

  @Test
  void fourSpecExamples() throws IOException {
    assertEquals(4, caseFiles().size());
  }

  @ParameterizedTest
  @MethodSource("caseFiles")
  void settlesSpecExample(Path caseFile) throws Exception {
    String name = caseFile.getFileName().toString();
    Path expected = caseFile.resolveSibling(name.replace(".case.json", ".expected.json"));
    subset(JsonParser.parseString(read(expected)), JsonParser.parseString(Medbudget.settle(read(caseFile))), "");
  }

  @Test
  void harbinFigures() throws Exception {
    // harbin-surplus.expected.json (spec): budget 137,174,604.41; the alliance pays back 8,947,606.96.
    String c = read(CASES.resolve("harbin-surplus.case.json"));
    JsonObject a = alliance(Medbudget.settle(c));
    assertEquals("-8947606.96", a.get("year_end_payment").getAsString());
    assertEquals("137174604.41", alliance(Medbudget.budget(c)).get("budget").getAsString());
  }

  @Test
  void textStatementInEnglish() throws Exception {
    String out = Medbudget.settle(read(CASES.resolve("guangdong-surplus.case.json")), "{\"format\":\"text\",\"lang\":\"en\"}");
    assertTrue(out.contains("the alliance pays back 622,222.24 yuan"), out);
  }

  String records() {
    return "\"claims\": \"" + SMALL.resolve("claims.csv") + "\", \"registry\": \"" + SMALL.resolve("registry.csv") + "\"";
  }

  @Test
  void settlesWithRecords() throws Exception {
    // claims-small, worked by hand: I 514890.29, O 219962.56, NL 26429.52; balance = final budget − I − O
    // = 137792253.15 − 514890.29 − 219962.56 = 137057400.30 (final budget from the spec example).
    JsonObject a = alliance(Medbudget.settle(read(CASES.resolve("harbin-surplus.case.json")), "{" + records() + ", \"threads\": 2}"));
    Map<String, String> lines = new HashMap<>();
    for (JsonElement l : a.getAsJsonArray("lines"))
      if (l.getAsJsonObject().has("amount"))  // ratio lines carry a value instead
        lines.put(l.getAsJsonObject().get("key").getAsString(), l.getAsJsonObject().get("amount").getAsString());
    assertEquals("514890.29", lines.get("in_alliance_local"));
    assertEquals("219962.56", lines.get("out_of_alliance_local"));
    assertEquals("26429.52", a.get("in_alliance_nonlocal").getAsString());
    assertEquals("137057400.30", a.get("balance").getAsString());
  }

  @Test
  void scheduleMonitorAndCalendar() throws Exception {
    // Hunan: January's claims declared 2024-02-10, due 30 working days later on 2024-03-28 (春节 in
    // between; worked by hand in tests/calendar_test.cpp).
    JsonObject s = JsonParser.parseString(Medbudget.schedule(read(CASES.resolve("hunan-two-alliances.case.json")), null))
        .getAsJsonObject();
    JsonObject january = s.getAsJsonArray("funds").get(0).getAsJsonObject().getAsJsonArray("alliances").get(0)
        .getAsJsonObject().getAsJsonArray("payments").get(1).getAsJsonObject();
    assertEquals("2024-03-28", january.get("due").getAsString());
    assertEquals("{\n \"date\": \"2024-03-28\"\n}\n",
        Medbudget.calendar("{\"question\": \"add-workdays\", \"date\": \"2024-02-10\", \"days\": 30}"));
    // harbin-june: six months at I 8230452.67, O 3045267.58; projected balance
    // 137792253.15 − 2 × 18271605.48 − 2 × 49382716.02 = 2483610.15 (tests/monitor_test.cpp).
    JsonObject m = JsonParser.parseString(Medbudget.monitor(
        read(ROOT.resolve("tests/data/schedule/harbin-june.case.json")), "{\"through\": \"2024-06\"}")).getAsJsonObject();
    JsonObject p = m.getAsJsonArray("funds").get(0).getAsJsonObject().getAsJsonArray("alliances").get(0)
        .getAsJsonObject().getAsJsonObject("projection");
    assertEquals("2483610.15", p.get("balance").getAsString());
  }

  @Test
  void aggregates() throws Exception {
    String got = Medbudget.aggregate("{" + records() + ", \"county\": \"230123\", \"year\": 2024}");
    subset(JsonParser.parseString(read(SMALL.resolve("expected.json"))), JsonParser.parseString(got), "");
  }

  @Test
  void presetsAndVersion() throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonElement p : JsonParser.parseString(Medbudget.presets()).getAsJsonArray())
      ids.add(p.getAsJsonObject().get("id").getAsString());
    assertEquals(List.of("guangdong_yangxi", "harbin", "hunan", "sanming"), ids);
    JsonObject v = JsonParser.parseString(Medbudget.version()).getAsJsonObject();
    assertEquals(Medbudget.ABI_VERSION, v.get("abi").getAsInt());
    assertEquals(System.getProperty("medbudget.version"), v.get("version").getAsString());
  }

  @Test
  void inputErrorNamesTheField() throws IOException {
    MedbudgetException e = assertThrows(MedbudgetException.class,
        () -> Medbudget.settle(read(ROOT.resolve("tests/data/cli/missing-revenue.case.json"))));
    assertEquals("input", e.getCode());
    assertEquals(1, e.getStatus());
    assertEquals("funds[0].budget_inputs.fund_revenue", e.getPath());
    assertTrue(e.getDetail().startsWith("missing"), e.getDetail());
    assertEquals(e.getPath() + ": " + e.getDetail(), e.getMessage());

    e = assertThrows(MedbudgetException.class,
        () -> Medbudget.settle(read(ROOT.resolve("tests/data/cli/three-decimals.case.json"))));
    assertEquals("funds[0].alliances[0].actuals.in_alliance_local", e.getPath());
    assertEquals("\"1.234\" has more than two decimals (amounts are whole fen)", e.getDetail());
  }

  @Test
  void usageErrorNamesTheOption() throws IOException {
    String c = read(CASES.resolve("harbin-surplus.case.json"));
    MedbudgetException e = assertThrows(MedbudgetException.class, () -> Medbudget.settle(c, "{\"lang\": \"fr\"}"));
    assertEquals("usage", e.getCode());
    assertEquals(2, e.getStatus());
    assertEquals("lang", e.getPath());
    assertEquals("lang takes zh or en, not fr", e.getMessage());
    e = assertThrows(MedbudgetException.class, () -> Medbudget.aggregate("{\"year\": 2024}"));
    assertEquals("county is required", e.getMessage());
    e = assertThrows(MedbudgetException.class, () -> Medbudget.run("frobnicate", null, null));
    assertEquals("unknown command \"frobnicate\"", e.getMessage());
  }

  @Test
  void nonAsciiSurvivesBothWays() throws Exception {
    // 依兰县 goes in as UTF-8 and comes back unchanged in the statement's county name.
    String c = read(CASES.resolve("harbin-surplus.case.json"));
    JsonObject s = JsonParser.parseString(Medbudget.settle(c)).getAsJsonObject();
    assertEquals("依兰县", s.getAsJsonObject("county").get("name").getAsString());
  }

  @Test
  void concurrentCallsEqualSingleThreaded() throws Exception {
    List<String> inputs = new ArrayList<>();
    for (Path p : caseFiles()) inputs.add(read(p));
    List<String> single = new ArrayList<>();
    for (String c : inputs) single.add(Medbudget.settle(c));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int k = 0; k < 8 * inputs.size(); ++k) {
        String c = inputs.get(k % inputs.size());
        futures.add(pool.submit(() -> Medbudget.settle(c)));
      }
      for (int k = 0; k < futures.size(); ++k) assertEquals(single.get(k % inputs.size()), futures.get(k).get());
    } finally {
      pool.shutdown();
    }
  }
}
