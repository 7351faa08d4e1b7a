package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.Settlement;
import static dev.llmrouter.internal.state.AdmissionFixture.POLICY;
import static dev.llmrouter.internal.state.AdmissionFixture.SERVER_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.state.LimitScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The admission step's decisions: grants, the circuit through it, all-or-nothing rollback, which part said no. */
@Tag("unit")
class LocalAdmissionControlTest {
    private final AdmissionFixture f = new AdmissionFixture();

    @AfterEach
    void stopThreads() {
        f.close();
    }

    @Test
    void aGrantReservesEveryPartAndSettlingGivesTheLeaseBack() throws Exception {
        Admission a = f.req().limit(new RateLimit(2, 1000)).tokens(400).cap(1).admit();
        assertThat(a.granted()).isTrue();
        assertThat(a.probe()).isFalse();
        assertThat(f.control.inFlight("a")).isEqualTo(1);
        assertThat(f.control.headroom("a", new RateLimit(2, 1000))).isCloseTo(0.5, within(1e-9));

        f.control.settle(a, AttemptResult.SUCCESS, 100);

        assertThat(f.control.inFlight("a")).isZero();
        // the request stays in the window; the 300 over-reserved tokens came back
        assertThat(f.control.headroom("a", new RateLimit(null, 1000))).isCloseTo(0.9, within(1e-9));
        assertThat(f.control.headroom("a", new RateLimit(2, null))).isCloseTo(0.5, within(1e-9));
        assertThat(f.control.headroom("a", null)).isEqualTo(1.0);
    }

    @Test
    void theCircuitTripsRecoversThroughOneProbeAndTheAnswersReportEachChangeOnce() throws Exception {
        LocalAdmissionControl control = new LocalAdmissionControl(f.clock);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Settlement s = control.settle(control.admit(f.req().build(), 0), SERVER_ERROR, 0);
            assertThat(s.applied()).isTrue();
            assertThat(s.circuitState()).isEqualTo(i < 2 ? CircuitState.CLOSED : CircuitState.OPEN);
            changes.add(change(s.transition()));
        }
        Admission open = control.admit(f.req().build(), 0);
        assertThat(open.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(open.circuitState()).isEqualTo(CircuitState.OPEN);
        changes.add(change(open.transition()));

        f.clock.advance(Duration.ofSeconds(10));
        Admission probe = control.admit(f.req().build(), 0);
        assertThat(probe.probe()).isTrue();
        assertThat(probe.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
        changes.add(change(probe.transition()));
        Admission second = control.admit(f.req().build(), 0);
        assertThat(second.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(second.retryAfter()).as("until the probe's lease ends").isEqualTo(Duration.ofSeconds(30));
        assertThat(second.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
        changes.add(change(second.transition()));

        Settlement closed = control.settle(probe, AttemptResult.SUCCESS, 0);
        assertThat(closed.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(closed.circuitRetryAfter()).isZero();
        changes.add(change(closed.transition()));
        assertThat(control.settle(probe, AttemptResult.SUCCESS, 0)).isSameAs(Settlement.IGNORED);
        assertThat(control.circuit("a", POLICY)).isEqualTo(CircuitView.CLOSED);
        assertThat(changes).containsExactly("-", "-", "CLOSED->OPEN:10", "-", "OPEN->HALF_OPEN:0", "-",
                "HALF_OPEN->CLOSED:0");
    }

    @Test
    void aProbeGivenBackBecauseALimitSaidNoStillReportsTheCircuitTurningHalfOpen() throws Exception {
        f.trip("a");
        f.clock.advance(Duration.ofSeconds(10));
        RateLimit oneRpm = new RateLimit(1, null);
        f.req().on("b").group("tight", oneRpm).admit();
        Admission denied = f.req().group("tight", oneRpm).admit();
        assertThat(denied.denial()).isEqualTo(Admission.Denial.GROUP_RPM);
        assertThat(denied.circuitState()).as("half-open, the probe given back").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(denied.transition()).isEqualTo(new CircuitTransition(CircuitState.OPEN, CircuitState.HALF_OPEN,
                Duration.ZERO));
        Admission probe = f.req().admit();
        assertThat(probe.probe()).isTrue();
        assertThat(probe.transition()).as("reported once, by the admit that made it").isNull();
    }

    private static String change(CircuitTransition t) {
        return t == null ? "-" : t.from() + "->" + t.to() + ":" + t.cooldown().toSeconds();
    }

    @Test
    void exactlyOneProbeIsAdmittedAmong16RacingThreads() throws Exception {
        f.trip("a");
        f.clock.advance(Duration.ofSeconds(10));
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            AdmissionRequest r = f.req().build();
            answers.add(f.pool.submit(() -> {
                start.await();
                return f.control.admit(r, 0);
            }));
        }
        start.countDown();
        int probes = 0;
        for (Future<Admission> f : answers) {
            Admission a = f.get(20, TimeUnit.SECONDS);
            if (a.granted()) {
                assertThat(a.probe()).isTrue();
                probes++;
            } else {
                assertThat(a.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
            }
        }
        assertThat(probes).isEqualTo(1);
        assertThat(f.control.inFlight("a")).isEqualTo(1);
    }

    @Test
    void aGroupTpmDenialAfterTheCircuitGaveTheProbeGivesTheProbeBack() throws Exception {
        RateLimit groupTpm = new RateLimit(null, 500);
        f.trip("a");
        assertThat(f.req().on("b").group(groupTpm).tokens(500).admit().granted()).isTrue(); // the group is full
        f.clock.advance(Duration.ofSeconds(10));

        Admission denied = f.req().limit(new RateLimit(10, null)).group(groupTpm).tokens(100).admit();

        assertThat(denied.denial()).isEqualTo(Admission.Denial.GROUP_TPM);
        assertThat(denied.deniedByRateLimit()).isTrue();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(f.control.headroom("a", new RateLimit(10, null))).as("deployment rpm refunded").isEqualTo(1.0);
        assertThat(f.control.circuit("a", POLICY).state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(f.req().admit().probe()).as("the probe was given back").isTrue();
    }

    @Test
    void aConcurrencyDenialRefundsTheRateReservationsAndTheProbe() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        f.trip("a");
        Admission holder = f.req().on("b").cap(1).admit();           // the provider's only slot
        f.clock.advance(Duration.ofSeconds(10));

        Admission denied = f.req().limit(rpm2).group(rpm2).cap(1).admit();

        assertThat(denied.denial()).isEqualTo(Admission.Denial.CONCURRENCY);
        assertThat(denied.retryAfter()).isZero();
        assertThat(f.control.headroom("a", rpm2)).isEqualTo(1.0);
        assertThat(f.limits.headroom(LimitScope.GROUP, "chat", rpm2)).isEqualTo(1.0);
        assertThat(f.control.inFlight("a")).isZero();
        f.control.settle(holder, AttemptResult.SUCCESS, 0);
        assertThat(f.req().limit(rpm2).group(rpm2).cap(1).admit().probe()).as("the probe was given back").isTrue();
    }

    @Test
    void eachPartThatSaysNoIsNamedWithItsWait() throws Exception {
        f.trip("open");
        f.clock.advance(Duration.ofSeconds(4));
        Admission circuit = f.req().on("open").admit();
        assertThat(circuit.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(circuit.retryAfter()).as("until its recovery").isEqualTo(Duration.ofSeconds(6));
        assertThat(circuit.deniedByRateLimit()).isFalse();

        RateLimit rpm1 = new RateLimit(1, null);
        RateLimit tpm100 = new RateLimit(null, 100);
        f.req().on("r").limit(rpm1).admit();
        f.req().on("t").limit(tpm100).tokens(100).admit();
        f.req().on("g1").group(rpm1).admit();
        f.clock.advance(Duration.ofSeconds(5));
        assertDenied(f.req().on("r").limit(rpm1).admit(), Admission.Denial.DEPLOYMENT_RPM, 55);
        assertDenied(f.req().on("t").limit(tpm100).tokens(1).admit(), Admission.Denial.DEPLOYMENT_TPM, 55);
        assertDenied(f.req().on("g2").group(rpm1).admit(), Admission.Denial.GROUP_RPM, 55);
        assertThat(f.control.headroom("g2", RateLimit.NONE)).isEqualTo(1.0);

        RateLimit groupTpm = new RateLimit(null, 50);
        f.req().on("g3").group("tokens", groupTpm).tokens(50).admit();
        f.clock.advance(Duration.ofSeconds(1));
        assertDenied(f.req().on("g4").group("tokens", groupTpm).tokens(1).admit(), Admission.Denial.GROUP_TPM, 59);

        f.req().on("c1").cap(1).admit();
        assertDenied(f.req().on("c2").cap(1).admit(), Admission.Denial.CONCURRENCY, 0);
    }

    private static void assertDenied(Admission a, Admission.Denial denial, long seconds) {
        assertThat(a.granted()).isFalse();
        assertThat(a.denial()).isEqualTo(denial);
        assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aCancelledProbeIsReleasedWithoutDeciding() throws Exception {
        f.trip("a");
        f.clock.advance(Duration.ofSeconds(10));
        Admission probe = f.req().admit();
        assertThat(probe.probe()).isTrue();
        f.control.settle(probe, AttemptResult.failed(FailureKind.CANCELLED, null), -1);
        assertThat(f.control.circuit("a", POLICY).state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(f.req().admit().probe()).isTrue();
    }

    @Test
    void aFailedProbeReopensWithAGrownCooldown() throws Exception {
        f.trip("a");
        f.clock.advance(Duration.ofSeconds(10));
        f.control.settle(f.req().admit(), SERVER_ERROR, 0);
        Admission denied = f.req().admit();
        assertThat(denied.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(f.control.circuit("a", POLICY).recoversAt()).contains(f.clock.now().plusSeconds(20));
    }
}
