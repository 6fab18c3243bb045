package medbudget;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * medbudget from Java, over its C interface (libmedbudget_c.so, medbudget.h) with JNA.
 *
 * <pre>
 *   String statement = Medbudget.settle(caseJson);                        // JSON, amounts as strings
 *   String text = Medbudget.settle(caseJson, "{\"format\": \"text\"}");
 * </pre>
 *
 * Every method takes and returns JSON text (use any JSON library on it); options are a JSON object
 * as in docs/c-api.md. Errors are a checked {@link MedbudgetException} with code, message and path.
 * Calls may run concurrently from any number of threads. The shared object is found on
 * {@code jna.library.path} or the system's library path.
 */
public final class Medbudget {
  private Medbudget() {}

  /** The entry points of medbudget.h that this class uses. */
  interface CApi extends Library {
    int mb_run(byte[] command, byte[] input, byte[] options, PointerByReference result, PointerByReference error);

    void mb_free(Pointer p);
  }

  /** medbudget.h's mb_result (size_t is a C long on the Linux targets). */
  @Structure.FieldOrder({"output", "size", "warnings", "records"})
  public static final class MbResult extends Structure {
    public Pointer output;
    public NativeLong size;
    public Pointer warnings;
    public Pointer records;

    MbResult(Pointer p) {
      super(p);
      read();
    }
  }

  /** medbudget.h's mb_error. */
  @Structure.FieldOrder({"code", "codeName", "message", "where", "text"})
  public static final class MbError extends Structure {
    public int code;
    public Pointer codeName;
    public Pointer message;
    public Pointer where;
    public Pointer text;

    MbError(Pointer p) {
      super(p);
      read();
    }
  }

  /** What a call produced: the output text, the warnings (a JSON array) and the records summary. */
  public static final class Result {
    public final String output;
    public final String warnings;
    public final String records;

    Result(String output, String warnings, String records) {
      this.output = output;
      this.warnings = warnings;
      this.records = records;
    }
  }

  /** The ABI this class was written for (medbudget.h's MB_ABI_VERSION). */
  public static final int ABI_VERSION = 1;

  private static final class Holder {
    static final CApi C = Native.load("medbudget_c", CApi.class);
  }

  private static byte[] cString(String s) {
    if (s == null) return null;
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }

  private static String utf8(Pointer p) {
    return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
  }

  /** Runs a command of the C interface by name ("settle", "budget", "aggregate", "schedule", "monitor",
   * "calendar", "presets", "version", "policy"). */
  public static Result run(String command, String input, String options) throws MedbudgetException {
    PointerByReference result = new PointerByReference();
    PointerByReference error = new PointerByReference();
    int status = Holder.C.mb_run(cString(command), cString(input), cString(options), result, error);
    Pointer r = result.getValue();
    Pointer e = error.getValue();
    try {
      if (status == 0 && r != null) {
        MbResult m = new MbResult(r);
        byte[] out = m.output.getByteArray(0, Math.toIntExact(m.size.longValue()));
        return new Result(new String(out, StandardCharsets.UTF_8), utf8(m.warnings), utf8(m.records));
      }
      if (e == null) throw new MedbudgetException(status, "no_memory", "out of memory", "", "out of memory");
      MbError m = new MbError(e);
      throw new MedbudgetException(m.code, utf8(m.codeName), utf8(m.message), utf8(m.where), utf8(m.text));
    } finally {
      Holder.C.mb_free(r);
      Holder.C.mb_free(e);
    }
  }

  /** The year-end settlement statement of a case (its JSON text), as JSON. */
  public static String settle(String caseJson) throws MedbudgetException {
    return settle(caseJson, null);
  }

  /** The statement with options: format, lang, claims, registry, attribution, threads, source, base_dir. */
  public static String settle(String caseJson, String optionsJson) throws MedbudgetException {
    return run("settle", caseJson, optionsJson).output;
  }

  /** The budget part of a case's statement, as JSON. */
  public static String budget(String caseJson) throws MedbudgetException {
    return budget(caseJson, null);
  }

  /** The budget part with options: format, lang, source, base_dir. */
  public static String budget(String caseJson, String optionsJson) throws MedbudgetException {
    return run("budget", caseJson, optionsJson).output;
  }

  /**
   * Settlement records to actuals. The request: {"claims": path, "registry": path, "county": "230123",
   * "year": 2024} and optionally attribution, policy, threads, format, lang.
   */
  public static String aggregate(String requestJson) throws MedbudgetException {
    return run("aggregate", null, requestJson).output;
  }

  /** The dated payment schedule of a case's year; options as settle's, plus calendar, year_end_date. */
  public static String schedule(String caseJson, String optionsJson) throws MedbudgetException {
    return run("schedule", caseJson, optionsJson).output;
  }

  /** In-year monitoring of a case whose months so far are given; options: through ("YYYY-MM"), … */
  public static String monitor(String caseJson, String optionsJson) throws MedbudgetException {
    return run("monitor", caseJson, optionsJson).output;
  }

  /** The working-day calendar: {"question": "add-workdays", "date": "2024-02-10", "days": 30}, … */
  public static String calendar(String requestJson) throws MedbudgetException {
    return run("calendar", null, requestJson).output;
  }

  /** The embedded policy presets: [{"id", "notice", "name_zh"}, ...]. */
  public static String presets() throws MedbudgetException {
    return run("presets", null, null).output;
  }

  /** {"version": "0.1.0", "abi": 1}. */
  public static String version() throws MedbudgetException {
    return run("version", null, null).output;
  }
}
