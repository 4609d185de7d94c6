from recommender.cli.entry import main

main()
