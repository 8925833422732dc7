// The frame shows the app with this page's own query.
document.getElementById('f').src = '../' + location.search;
