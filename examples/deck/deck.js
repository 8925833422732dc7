// The default `slide` transition: with `fade` or `none`, hidden slides still overlap the view,
// and frames with autoplay=visible would play there (see README, "Embedding in slides").
Reveal.initialize({ hash: true, transition: 'slide' });
