package dev.airlock.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. Registered for every test through JUnit's
 * extension auto-detection; the suite runs with -Dio.netty.leakDetection.level=paranoid.
 */
public final class LeakTracker implements BeforeAllCallback, AfterAllCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
          long maxActive) {
        return new ResourceLeakDetector<T>(resource, samplingInterval) {
          @Override
          protected void reportTracedLeak(String resourceType, String records) {
            record(resourceType + " leak:" + records);
            super.reportTracedLeak(resourceType, records);
          }

          @Override
          protected void reportUntracedLeak(String resourceType) {
            record(resourceType + " leak (untraced)");
            super.reportUntracedLeak(resourceType);
          }
        };
      }
    });
  }

  private static synchronized void record(String leak) {
    LEAKS.add(leak);
  }

  private static synchronized List<String> drain() {
    List<String> out = new ArrayList<>(LEAKS);
    LEAKS.clear();
    return out;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    drain();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Leak reports happen when a later allocation finds a collected, unreleased buffer.
    for (int round = 0; round < 3; round++) {
      System.gc();
      System.runFinalization();
      for (int i = 0; i < 64; i++) {
        ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(16);
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(16);
        a.release();
        b.release();
      }
    }
    List<String> leaks = drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty buffer leak(s) in " + context.getDisplayName() + ":\n"
          + String.join("\n", leaks));
    }
  }
}
