// reveal.js with its defaults, as its docs start a deck.
Reveal.initialize();
