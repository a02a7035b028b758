package io.switchboard.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JvmMemoryTest {
    @Test
    void heapInUseSumsTheGenerationsAndLeavesMetaspaceOut() {
        String parallel = """
                7820:
                 PSYoungGen      total 113152K, used 49841K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                  eden space 97280K, 51% used [0x0000000782700000,0x00000007857ac488,0x0000000788600000)
                  from space 15872K, 0% used [0x0000000789580000,0x0000000789580000,0x000000078a500000)
                 ParOldGen       total 258048K, used 100K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                  object space 258048K, 0% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
                 Metaspace       used 14286K, committed 14528K, reserved 1114112K
                  class space    used 1732K, committed 1856K, reserved 1048576K
                """;
        assertThat(JvmMemory.heapUsed(parallel)).isEqualTo((49841L + 100) * 1024);

        String z = """
                 ZHeap           used 12M, capacity 32M, max capacity 4096M
                 Metaspace       used 14286K, committed 14528K, reserved 1114112K
                """;
        assertThat(JvmMemory.heapUsed(z)).isEqualTo(12L << 20);
    }

    @Test
    void directMemoryIsNmtsOtherCategory() {
        String nmt = """
                -                     Class (reserved=1048860KB, committed=2140KB)
                -                     Other (reserved=154KB, committed=150KB)
                """;
        assertThat(JvmMemory.otherCommitted(nmt)).isEqualTo(150L * 1024);
    }
}
