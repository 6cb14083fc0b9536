// The spellings pflag accepts for one option that takes a value: `--opt v`,
// `--opt=v`, and with a short letter `-xv`, `-x v`, `-x=v`, each behind a
// bundle of boolean letters (`-it`). Shared by the policy's property tests
// and the envelope test, which generate hostile lines in every spelling.
import fc from 'fast-check'

/** Every spelling of `--long VALUE` (and `-short VALUE`), with `bundle` letters before the short one. */
export function valuedSpellings(long: string, short: string | undefined, value: fc.Arbitrary<string>, bundle: fc.Arbitrary<string>): fc.Arbitrary<string[]> {
  const forms: Array<fc.Arbitrary<string[]>> = [value.map((v) => [`--${long}`, v]), value.map((v) => [`--${long}=${v}`])]
  if (short) {
    forms.push(
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}`, v]),
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}${v}`]),
      fc.tuple(bundle, value).map(([before, v]) => [`-${before}${short}=${v}`]),
    )
  }
  return fc.oneof(...forms)
}
