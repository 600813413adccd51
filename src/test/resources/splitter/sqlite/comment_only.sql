-- merge revision: nothing to do;

/* ; */
