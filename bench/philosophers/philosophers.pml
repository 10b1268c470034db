/* The dining philosophers of test/scheduler/models.ts (diningPhilosophers, orderedPhilosophers), in Promela for
 * the philosophers bench: N philosophers, fork i then fork i+1 (mod N); with ORDERED=1 the last one takes fork 0
 * first. The model's awaits that only let time pass (io while thinking, the timer while eating) are steps that
 * do nothing: SPIN has no virtual time, so it interleaves them freely. Taking a fork is one atomic test-and-set,
 * as an acquire is (without the scheduler's queue of waiters, which only decides who gets a freed fork); an
 * unfinished process at the end is SPIN's "invalid end state", the scheduler's deadlock.
 * spin -DN=7 -DORDERED=1 -a philosophers.pml && gcc -O2 -DSAFETY [-DNOREDUCE] -o pan pan.c && ./pan -m100000 */
#ifndef N
#define N 5
#endif
#ifndef ORDERED
#define ORDERED 0
#endif
bit fork[N];
proctype phil(byte i) {
  byte first = i, second = (i + 1) % N;
  if
  :: ORDERED && i == N - 1 -> first = 0; second = N - 1
  :: else -> skip
  fi;
  skip; /* io: thinking */
  atomic { fork[first] == 0 -> fork[first] = 1 };
  skip; /* io */
  atomic { fork[second] == 0 -> fork[second] = 1 };
  skip; /* timer: eating */
  fork[second] = 0;
  fork[first] = 0
}
init {
  byte i = 0;
  atomic { do :: i < N -> run phil(i); i++ :: else -> break od }
}
