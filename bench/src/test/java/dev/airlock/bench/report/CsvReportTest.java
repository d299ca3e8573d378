package dev.airlock.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.run.Measurement;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {
  @Test
  void oneRowPerMeasurementWithAllCounters() {
    Measurement m = new Measurement(2, "https-c1-1k", "squid", 2.5, 1234.56, 0.5, 1.25,
        new Outcomes(3086, 1, 2, 3, 4, 5), 1.5, 1048576);

    String csv = CsvReport.render(List.of(m));

    assertThat(csv.lines()).containsExactly(
        CsvReport.HEADER,
        "2,https-c1-1k,squid,2.500,1234.6,0.500,1.250,3086,1,2,3,4,5,1.50,1048576");
  }

  @Test
  void quotesFieldsThatNeedIt() {
    assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvReport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvReport.field("plain")).isEqualTo("plain");
  }
}
