package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsUnderTheHeaderWithoutTrailingSpaces() {
    String rendered =
        Table.of(Table.column("SLUG"), Table.column("NAME"), Table.column("MODE"))
            .row("default", "Default", "enforce")
            .row("production-eu", "Production EU", "monitor")
            .render();

    assertThat(rendered)
        .isEqualTo(
            "SLUG           NAME           MODE\n"
                + "default        Default        enforce\n"
                + "production-eu  Production EU  monitor\n");
  }

  @Test
  void truncatesLongCellsWithAnEllipsisAtTheColumnLimit() {
    String rendered =
        Table.of(Table.column("PATH", 10), Table.column("STATUS"))
            .row("/api/chat.postMessage", 403)
            .row("/short", 200)
            .render();

    assertThat(rendered)
        .isEqualTo(
            "PATH        STATUS\n"
                + "/api/chat…  403\n"
                + "/short      200\n");
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String rendered = Table.of(Table.column("X", 3)).row("a😀😀😀").render();

    assertThat(rendered).isEqualTo("X\na😀…\n");
  }

  @Test
  void showsMissingValuesAsDash() {
    String rendered = Table.of(Table.column("A"), Table.column("B")).row(null, "").render();

    assertThat(rendered).isEqualTo("A  B\n-  -\n");
  }

  @Test
  void replacesControlCharactersSoRecordedTrafficCannotDriveTheTerminal() {
    String rendered =
        Table.of(Table.column("PATH")).row("/a\u001b[2J\nb\u202Ec").render();

    assertThat(rendered).isEqualTo("PATH\n/a?[2J b?c\n");
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    Table table = Table.of(Table.column("A"), Table.column("B"));

    assertThatThrownBy(() -> table.row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cells: 1 (expected: 2)");
  }

  @Test
  void detailsAlignValuesAfterTheLongestKey() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Slug", "default");
    fields.put("Enforcement mode", "enforce");

    assertThat(Table.details(fields))
        .isEqualTo("Slug:             default\nEnforcement mode: enforce\n");
  }
}
