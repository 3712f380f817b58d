package io.github.solrneural.settings;

/** A setting that is missing, malformed, out of range or unknown; the message names it. */
public class SettingException extends IllegalArgumentException {
  private final String setting;

  public SettingException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  /** The name of the setting at fault, as the source spells it. */
  public String setting() {
    return setting;
  }
}
