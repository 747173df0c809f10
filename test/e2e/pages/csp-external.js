window.__externalRan = true;
