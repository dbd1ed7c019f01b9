/**
 * Turkic patronymics (issue #11): the father's name and a particle that says "son of" or "daughter of", as Soviet
 * and post-Soviet papers write Azerbaijani, Uzbek, Turkmen, Kyrgyz and Kazakh names — "Мамед оглы" (son of Mamed),
 * "Алиевна кызы", "Рустам кизи", Latin "Mamed ogly", "Məmməd oğlu", "Rustam qizi", "Asan kyzy". The two words are
 * one patronymic: the father's name is no second given name, nor the particle a fourth name or a surname's part.
 *
 * Read by the particle's skeleton (`skeleton`), so the scripts and spellings meet: оглы, ogly, ogli, o'g'li →
 * "ogli"; oglu, oğlu → "oglu"; огли, оглу, угли (a Ukrainian г read as h) → "ohli", "ohlu", "uhli"; ugli; кызы,
 * кизи, qizi, kyzy, qızı → "kizi"; гызы, gizi → "gizi". Not Kazakh "ұлы" / "uly", which is also a word of other
 * names, nor "қизи" (its skeleton loses the қ): those stay as written.
 */
import { skeleton } from './fold.js';

/** Skeletons of "son of". */
const SON: ReadonlySet<string> = new Set(['ogli', 'oglu', 'ohli', 'ohlu', 'uhli', 'ugli']);
/** Skeletons of "daughter of". */
const DAUGHTER: ReadonlySet<string> = new Set(['kizi', 'gizi']);

/** The sex a particle's skeleton says: "son of" a man's, "daughter of" a woman's; null for any other skeleton. */
export function sexOfParticleSkeleton(key: string): 'male' | 'female' | null {
  return SON.has(key) ? 'male' : DAUGHTER.has(key) ? 'female' : null;
}

/** Whether a word is a Turkic patronymic's particle (оглы, кызы, ogly, qizi …). */
export function isTurkicParticle(word: string): boolean {
  return word.length <= 8 && sexOfParticleSkeleton(skeleton(word)) !== null;
}

/**
 * The parts of a Turkic patronymic written as one ("Мамед оглы", "Мамедович оглы", "Rustam qizi"): the father's
 * name (or a patronymic before the particle) and the particle, each as written; null when the text is not one
 * word and a particle.
 */
export function turkicPatronymicParts(text: string): { father: string; particle: string } | null {
  const words = text.trim().split(/\s+/u);
  if (words.length !== 2) return null;
  const [father, particle] = words as [string, string];
  if (isTurkicParticle(father) || !isTurkicParticle(particle)) return null;
  return { father, particle };
}

/** A Turkic patronymic as a list writes it: the particle in lower case ("МАМЕД ОГЛЫ" → "Мамед оглы"). */
export function turkicParticleCase(patronymic: string): string {
  const parts = turkicPatronymicParts(patronymic);
  return parts === null ? patronymic : `${parts.father} ${parts.particle.toLowerCase()}`;
}
