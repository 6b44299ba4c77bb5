/**
 * The demo dataset. Ids are fixed so that every run, however many and however concurrent, leaves the
 * same rows. Some names exercise Unicode and HTML escaping on the accounts page.
 */
export const DEMO_ACCOUNTS: readonly { id: number; name: string; email: string }[] = [
    { id: 1, name: "Ada Lovelace", email: "ada@example.com" },
    { id: 2, name: "Alan Turing", email: "alan@example.com" },
    { id: 3, name: "Grace Hopper", email: "grace@example.com" },
    { id: 4, name: "Edsger Dijkstra", email: "edsger@example.com" },
    { id: 5, name: "Barbara Liskov", email: "barbara@example.com" },
    { id: 6, name: "Donald Knuth", email: "donald@example.com" },
    { id: 7, name: "Margaret Hamilton", email: "margaret@example.com" },
    { id: 8, name: "Ken Thompson", email: "ken@example.com" },
    { id: 9, name: "Frances Allen", email: "frances@example.com" },
    { id: 10, name: "John McCarthy", email: "john@example.com" },
    { id: 11, name: "Radia Perlman", email: "radia@example.com" },
    { id: 12, name: "Tony Hoare", email: "tony@example.com" },
    { id: 13, name: "Sophie Wilson", email: "sophie@example.com" },
    { id: 14, name: "Niklaus Wirth", email: "niklaus@example.com" },
    { id: 15, name: "Katherine Johnson", email: "katherine@example.com" },
    { id: 16, name: "Søren Kierkegaard-Øster", email: "soren@example.com" },
    { id: 17, name: "José Ñúñez", email: "jose@example.com" },
    { id: 18, name: "李小龍", email: "li@example.com" },
    { id: 19, name: "O'Brien & Sons <Ltd>", email: "obrien@example.com" },
    { id: 20, name: 'Zoë "Zed" Zhang', email: "zoe@example.com" },
];
