package medbudget;

/**
 * A call that failed: the request or its input is wrong, or (code "internal") the library has a bug.
 * The message and path are the words the medbudget program prints for the same fault.
 */
public final class MedbudgetException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String detail;
  private final String path;

  MedbudgetException(int status, String code, String detail, String path, String text) {
    super(text);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.path = path;
  }

  /** 1 input, 2 usage, 3 internal, 4 no memory: the program's exit status for the same fault. */
  public int getStatus() {
    return status;
  }

  /** "input", "usage", "internal" or "no_memory": stable words to branch on. */
  public String getCode() {
    return code;
  }

  /** What is wrong, without the place ("missing", "lang takes zh or en, not fr"). */
  public String getDetail() {
    return detail;
  }

  /**
   * Where: a JSON path ("funds[0].budget_inputs.fund_revenue"), a "file:line:column", an option's
   * name, or "" when the message says it all.
   */
  public String getPath() {
    return path;
  }
}
