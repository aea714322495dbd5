import type { Random } from '../../core/random';

/** Street and school names in the French manner, for synthetic towns. */
const KINDS = ['Rue', 'Rue', 'Rue', 'Rue', 'Avenue', 'Boulevard', 'Allée', 'Chemin', 'Impasse', 'Place', 'Quai', 'Cours', 'Route', 'Passage'];
const GIVEN = ['Jean', 'Marie', 'Louis', 'Jeanne', 'Pierre', 'Louise', 'Victor', 'Simone', 'Jules', 'Lucie', 'Émile', 'Camille', 'Paul', 'Rosa', 'Henri', 'Olympe', 'Georges', 'Colette', 'René', 'Germaine', 'Albert', 'Suzanne', 'Léon', 'Marguerite', 'Gustave', 'Berthe', 'Auguste', 'Irène', 'Maurice', 'Joséphine'];
const FAMILY = ['Hugo', 'Jaurès', 'Curie', 'Moulin', 'Zola', 'Pasteur', 'Ferry', 'Gambetta', 'Blum', 'Veil', 'Sand', 'Colette', 'Rimbaud', 'Verlaine', 'Daudet', 'Renoir', 'Monet', 'Berlioz', 'Debussy', 'Ravel', 'Lumière', 'Eiffel', 'Cézanne', 'Baudelaire', 'Prévert', 'Aragon', 'Éluard', 'Camus', 'Péguy', 'Mermoz', 'Guesde', 'Allende', 'Brossolette', 'Bertrand', 'Fabre', 'Arago', 'Carnot', 'Michelet', 'Voltaire', 'Diderot'];
const THINGS = ['de la Paix', 'de la République', 'de la Liberté', 'des Lilas', 'des Roses', 'des Tilleuls', 'des Acacias', 'des Peupliers', 'du Moulin', 'de la Gare', 'du Stade', 'des Écoles', 'du Marché', 'de la Fontaine', 'des Vignes', 'du Château', 'de l’Église', 'des Prés', 'du Lavoir', 'des Jardins', 'de la Mairie', 'du Port', 'des Cerisiers', 'des Chênes', 'du Four', 'de la Forge', 'des Mésanges', 'du Parc', 'de Verdun', 'du 8 Mai 1945', 'du 11 Novembre', 'du 14 Juillet', 'des Résistants', 'de Strasbourg', 'de Lyon', 'de Paris', 'du Canal', 'des Sources', 'du Bois', 'des Champs'];
const SCHOOLS = ['École', 'Groupe scolaire', 'Gymnase', 'Salle des fêtes', 'Maison des associations', 'Collège', 'Mairie annexe'];

/** An endless supply of distinct street names, in a seeded order. */
export function streetNames(random: Random): () => string {
  const persons = GIVEN.flatMap((g) => FAMILY.map((f) => `${g} ${f}`));
  const used = new Set<string>();
  return () => {
    for (let attempt = 0; ; attempt++) {
      const kind = random.pick(KINDS);
      const rest = random.chance(0.3) ? random.pick(THINGS) : random.pick(persons);
      // Once the plain names run short, a district name tells two streets of the same name apart.
      const name = attempt < 20 ? `${kind} ${rest}` : `${kind} ${rest} (${random.pick(FAMILY)})`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

export function schoolName(random: Random): string {
  return `${random.pick(SCHOOLS)} ${random.pick(GIVEN)} ${random.pick(FAMILY)}`;
}
